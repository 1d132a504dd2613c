/**
 * Lookups in fixed tables by a caller's key. A plain object literal inherits `constructor`,
 * `toString`, `__proto__`..., so `TABLE[key]` with a key from a request finds those too (a 500
 * for `sort=constructor`): only the table's own entries count.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
