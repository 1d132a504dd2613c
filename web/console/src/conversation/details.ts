/**
 * Free-form objects (attributes, location) as rows of readable text: nested keys joined with
 * dots, lists joined with commas, never JSON. Long values are cut, as a side panel is narrow.
 */
const MAX_ROWS = 40;
const MAX_LENGTH = 300;

export interface DetailRow {
  key: string;
  value: string;
}

function text(value: unknown): string {
  const written = Array.isArray(value) ? value.map(text).join(', ') : String(value);
  return written.length > MAX_LENGTH ? `${written.slice(0, MAX_LENGTH)}…` : written;
}

export function detailRows(object: Record<string, unknown> | undefined, prefix = ''): DetailRow[] {
  const rows: DetailRow[] = [];
  for (const [key, value] of Object.entries(object ?? {})) {
    if (value === null || value === undefined || value === '') continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && !Array.isArray(value)) {
      rows.push(...detailRows(value as Record<string, unknown>, name));
    } else if (!Array.isArray(value) || value.every((item) => typeof item !== 'object')) {
      rows.push({ key: name, value: text(value) });
    }
    if (rows.length >= MAX_ROWS) break;
  }
  return rows.slice(0, MAX_ROWS);
}

const BROWSERS: Array<[string, RegExp]> = [
  ['Edge', /Edg\/(\d+)/],
  ['Firefox', /Firefox\/(\d+)/],
  ['Chrome', /Chrome\/(\d+)/],
  ['Safari', /Version\/(\d+).*Safari/],
];
const SYSTEMS: Array<[string, RegExp]> = [
  ['Android', /Android/],
  ['iOS', /iPhone|iPad/],
  ['Windows', /Windows/],
  ['macOS', /Mac OS X/],
  ['Linux', /Linux/],
];

/** "Chrome 120 · Windows": enough to picture the visitor's screen (the full string is the title). */
export function browserOf(userAgent: string): string {
  const browser = BROWSERS.map(([name, pattern]) => [name, pattern.exec(userAgent)?.[1]] as const).find(
    ([, version]) => version !== undefined,
  );
  const system = SYSTEMS.find(([, pattern]) => pattern.test(userAgent))?.[0];
  return [browser && `${browser[0]} ${browser[1]}`, system].filter(Boolean).join(' · ') || userAgent;
}
