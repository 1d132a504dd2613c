/**
 * Text PostgreSQL cannot store as given: a NUL character (refused by text and jsonb) and a lone
 * UTF-16 surrogate (refused by jsonb, silently turned into U+FFFD in text columns). Input is
 * checked once at the edge so every route answers the same 422 naming the field, instead of a
 * database error or a quietly altered value.
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  const match = UNSTORABLE.exec(text);
  if (!match) return undefined;
  return match[0] === '\u0000' ? 'must not contain NUL characters' : 'must not contain lone UTF-16 surrogates';
}

export interface TextIssue {
  /** Dotted path of the field ('' for the value itself); a bad key names itself as the last segment. */
  path: string;
  value: unknown;
  reason: string;
}

/**
 * The first string (value or object key) in `value` that cannot be stored. Walks iteratively, so
 * no nesting depth can overflow the stack.
 */
export function findUnstorableText(value: unknown): TextIssue | undefined {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const reason = textProblem(current);
      if (reason) return { path: path.join('.'), value: current, reason };
    } else if (typeof current === 'object' && current !== null && !Buffer.isBuffer(current)) {
      for (const [key, item] of Object.entries(current)) {
        const reason = textProblem(key);
        if (reason) return { path: [...path, key].join('.'), value: key, reason: `key ${reason}` };
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return undefined;
}
