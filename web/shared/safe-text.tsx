/**
 * A message's text as text: never HTML. Only http, https and mailto addresses become links (a
 * `javascript:` or `data:` address stays plain text), opened in a new tab without a referrer.
 */
import type { ComponentChildren } from 'preact';

const ADDRESS = /\b(?:https?:\/\/|mailto:)[^\s<>"']+/gi;
/** Punctuation that ends a sentence rather than an address ("see https://x.org."). */
const TRAILING = /[.,;:!?)\]]+$/;

/** The address when it is one we link to (http, https, mailto), else undefined. */
export function safeHref(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value, location.href);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function SafeText({ text }: { text: string }) {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const address = match[0].replace(TRAILING, '');
    const href = safeHref(address);
    if (!href) continue;
    parts.push(text.slice(last, match.index));
    parts.push(
      <a key={match.index} href={href} target="_blank" rel="noopener noreferrer">
        {address}
      </a>,
    );
    last = match.index + address.length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}
