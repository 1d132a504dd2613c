/**
 * The file types Parley knows: what each extension's bytes must look like, the type it is served
 * with, and whether a browser may show it inline. Tiledesk checks content with the `file-type`
 * library (middleware/file-type.js); a magic-number check of these few types does the same job.
 * A file of any other extension (allowed only when an allow list names it or is `ALLOW_ALL`) is
 * kept as opaque bytes: served as `application/octet-stream`, and only as an attachment.
 */

export interface KnownType {
  /** The type files are served with. */
  contentType: string;
  /** What an upload may declare for this extension (Tiledesk compares the declared type too). */
  declared: readonly string[];
  /** Images and PDF are shown inline; anything else is downloaded, so it cannot run as a page. */
  inline: boolean;
  /** Whether the bytes really are of this type. */
  matches(bytes: Buffer): boolean;
}

const startsWith = (bytes: Buffer, ...signature: number[]) =>
  bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text without NUL bytes (a NUL means binary content). */
function isText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const png: KnownType = {
  contentType: 'image/png',
  declared: ['image/png'],
  inline: true,
  matches: (bytes) => startsWith(bytes, 0x89, ...ascii('PNG\r\n\x1a\n')),
};
const jpeg: KnownType = {
  contentType: 'image/jpeg',
  declared: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
  inline: true,
  matches: (bytes) => startsWith(bytes, 0xff, 0xd8, 0xff),
};
const gif: KnownType = {
  contentType: 'image/gif',
  declared: ['image/gif'],
  inline: true,
  matches: (bytes) => startsWith(bytes, ...ascii('GIF87a')) || startsWith(bytes, ...ascii('GIF89a')),
};
const webp: KnownType = {
  contentType: 'image/webp',
  declared: ['image/webp'],
  inline: true,
  matches: (bytes) => startsWith(bytes, ...ascii('RIFF')) && bytes.subarray(8, 12).toString('latin1') === 'WEBP',
};
const pdf: KnownType = {
  contentType: 'application/pdf',
  declared: ['application/pdf'],
  inline: true,
  matches: (bytes) => startsWith(bytes, ...ascii('%PDF-')),
};
const text: KnownType = {
  contentType: 'text/plain; charset=utf-8',
  declared: ['text/plain'],
  inline: false,
  matches: isText,
};

const KNOWN: Record<string, KnownType> = {
  '.png': png,
  '.jpg': jpeg,
  '.jpeg': jpeg,
  '.gif': gif,
  '.webp': webp,
  '.pdf': pdf,
  '.txt': text,
};

export const OPAQUE_CONTENT_TYPE = 'application/octet-stream';

/** Tiledesk's allow list value that admits every extension. */
const ALLOW_ALL = '*/*';

export function knownType(extension: string): KnownType | undefined {
  return Object.hasOwn(KNOWN, extension) ? KNOWN[extension] : undefined;
}

/** The stored content type's rule: only known images and PDF go inline. */
export function isInline(contentType: string): boolean {
  return Object.values(KNOWN).some((type) => type.inline && type.contentType === contentType);
}

/** What the bytes look like, for error messages (Tiledesk's "Detected: ..."). */
export function detectedType(bytes: Buffer): string {
  return Object.values(KNOWN).find((type) => type.inline && type.matches(bytes))?.contentType ?? 'unknown';
}

/**
 * Whether a Tiledesk allow list admits an extension. The list is comma-separated extensions
 * (".png,.pdf"), or `ALLOW_ALL`; entries that look like MIME types (Tiledesk's deprecated
 * form, "image/png" or "image/*") admit the known extensions of that type.
 */
export function allowsExtension(allowList: string, extension: string): boolean {
  const entries = allowList
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  if (entries.includes(ALLOW_ALL)) return true;
  if (!extension) return false;
  const type = knownType(extension);
  return entries.some((entry) => {
    if (!entry.includes('/')) return (entry.startsWith('.') ? entry : `.${entry}`) === extension;
    if (!type) return false;
    return entry.endsWith('/*') ? type.contentType.startsWith(entry.slice(0, -1)) : type.declared.includes(entry);
  });
}
