/**
 * Reads what a page's head says about it: its `<title>` and its `<meta name|property=...
 * content=...>` tags (Open Graph, Twitter cards, description...). A small scanner rather than a
 * regular expression per field: attributes in any order and quoting, comments and the raw text
 * of scripts and styles skipped, entities decoded. Every step consumes input, so the work is
 * linear in the (already bounded) text; nothing past `</head>` or `<body` is looked at.
 */

export interface PageHead {
  title: string | undefined;
  /** The first content given for each meta name or property, by lower-cased name. */
  meta: Map<string, string>;
}

/** Elements whose content is text, not markup: their content is skipped (the title's kept). */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'template']);

const TAG_NAME = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/y;
const HEAD_END = /<\/head\b|<body\b/i;
const SPACE = /[\t\n\f\r ]/;

export function readHead(html: string): PageHead {
  const end = html.search(HEAD_END);
  const head = end === -1 ? html : html.slice(0, end);
  const result: PageHead = { title: undefined, meta: new Map() };
  let at = 0;
  while (at < head.length) {
    const open = head.indexOf('<', at);
    if (open === -1) break;
    if (head.startsWith('<!--', open)) {
      const close = head.indexOf('-->', open + 4);
      at = close === -1 ? head.length : close + 3;
      continue;
    }
    TAG_NAME.lastIndex = open;
    const tag = TAG_NAME.exec(head);
    if (!tag) {
      at = open + 1;
      continue;
    }
    const name = tag[2]!.toLowerCase();
    const { attributes, next } = readAttributes(head, TAG_NAME.lastIndex);
    at = next;
    if (tag[1] === '/') continue;
    if (name === 'meta') {
      const key = (attributes.get('name') ?? attributes.get('property'))?.toLowerCase();
      const content = attributes.get('content');
      if (key && content !== undefined && !result.meta.has(key)) result.meta.set(key, content);
    } else if (RAW_TEXT.has(name)) {
      const closer = new RegExp(`</${name}\\b`, 'ig');
      closer.lastIndex = at;
      const close = closer.exec(head);
      const text = head.slice(at, close ? close.index : head.length);
      if (name === 'title' && result.title === undefined) result.title = text;
      at = close ? close.index : head.length;
    }
  }
  return result;
}

/** A tag's attributes from `at` (just past its name) to its `>`; the first of a repeated name wins. */
function readAttributes(html: string, at: number): { attributes: Map<string, string>; next: number } {
  const attributes = new Map<string, string>();
  let i = at;
  const skipSpace = () => {
    while (i < html.length && SPACE.test(html[i]!)) i++;
  };
  while (i < html.length) {
    skipSpace();
    if (html[i] === '>') return { attributes, next: i + 1 };
    if (html[i] === '/') {
      i++;
      continue;
    }
    const start = i;
    // A name runs to a space, '/', '>' or '='; a leading '=' belongs to it, so it is never empty.
    i++;
    while (i < html.length && !/[\t\n\f\r />=]/.test(html[i]!)) i++;
    const name = html.slice(start, i).toLowerCase();
    skipSpace();
    let value = '';
    if (html[i] === '=') {
      i++;
      skipSpace();
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        value = html.slice(i + 1, close === -1 ? html.length : close);
        i = close === -1 ? html.length : close + 1;
      } else {
        const valueStart = i;
        while (i < html.length && !/[\t\n\f\r >]/.test(html[i]!)) i++;
        value = html.slice(valueStart, i);
      }
    }
    if (!attributes.has(name)) attributes.set(name, value);
  }
  return { attributes, next: html.length };
}

/** HTML's Latin-1 entities, U+00A0 to U+00FF in order (`&eacute;`, `&copy;`...). */
const LATIN1 = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 ' +
  'acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml ' +
  'Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde ' +
  'Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ' +
  'ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide ' +
  'oslash ugrave uacute ucirc uuml yacute thorn yuml'
).split(' ');

/** The entities pages use in titles and descriptions; others are left as written. */
const NAMED: Record<string, string> = {
  ...Object.fromEntries(LATIN1.map((name, i) => [name, String.fromCharCode(0xa0 + i)])),
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  euro: '€',
  bull: '•',
};

/** Decodes character references, collapses white space and trims; undefined when nothing is left. */
export function cleanText(raw: string | undefined, maxLength: number): string | undefined {
  if (raw === undefined) return undefined;
  const decoded = raw.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (entity, body) => {
    const ref = body as string;
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
      return valid ? String.fromCodePoint(code) : '\ufffd';
    }
    return Object.hasOwn(NAMED, ref) ? NAMED[ref]! : entity;
  });
  let text = decoded.replace(/\s+/g, ' ').trim();
  if (text.length > maxLength) text = text.slice(0, maxLength).replace(/[\ud800-\udbff]$/, '');
  return text === '' ? undefined : text;
}
