import type { IncomingHttpHeaders } from 'node:http';

/**
 * The first X-Forwarded-For hop: the original client, as each proxy appends the address it got
 * the request from. Only as trustworthy as the proxies in front of Parley (see TRUST_PROXY).
 */
export function firstForwardedAddress(headers: IncomingHttpHeaders): string | undefined {
  const forwarded = headers['x-forwarded-for'];
  return (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() || undefined;
}
