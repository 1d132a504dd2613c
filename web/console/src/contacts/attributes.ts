/**
 * A contact's attributes as the form edits them: one row per key. Texts, numbers and yes/no
 * values are edited as text and keep their type when saved; a structured value (a list, an
 * object) cannot be typed into one box, so it is kept as it is (it may only be removed).
 */
export interface AttributeRow {
  /** Stable across edits of the key, for the list's keys and the inputs' ids. */
  id: number;
  key: string;
  value: string;
  kind: 'text' | 'number' | 'boolean' | 'structured';
  /** A structured value, kept untouched. */
  kept?: unknown;
}

let nextId = 1;

export function newRow(): AttributeRow {
  return { id: nextId++, key: '', value: '', kind: 'text' };
}

export function rowsOf(attributes: Record<string, unknown> | undefined): AttributeRow[] {
  return Object.entries(attributes ?? {}).map(([key, value]): AttributeRow => {
    const id = nextId++;
    if (typeof value === 'number') return { id, key, value: String(value), kind: 'number' };
    if (typeof value === 'boolean') return { id, key, value: String(value), kind: 'boolean' };
    if (typeof value === 'string') return { id, key, value, kind: 'text' };
    if (value === null) return { id, key, value: '', kind: 'text' };
    return { id, key, value: '', kind: 'structured', kept: value };
  });
}

function valueOf(row: AttributeRow): unknown {
  if (row.kind === 'structured') return row.kept;
  const text = row.value.trim();
  if (row.kind === 'number' && text !== '' && Number.isFinite(Number(text))) return Number(text);
  if (row.kind === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return row.value;
}

/** The rows as the attributes object to save; rows without a key are left out. */
export function attributesOf(rows: AttributeRow[]): Record<string, unknown> {
  return Object.fromEntries(rows.filter((row) => row.key.trim()).map((row) => [row.key.trim(), valueOf(row)]));
}

/** The first key given twice, if any (the second would silently overwrite the first). */
export function duplicateKey(rows: AttributeRow[]): string | undefined {
  const seen = new Set<string>();
  for (const row of rows) {
    const key = row.key.trim();
    if (!key) continue;
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}
