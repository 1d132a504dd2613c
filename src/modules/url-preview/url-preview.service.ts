/**
 * Link previews: fetches each URL through the outbound client (deadline, SSRF guard on every
 * hop, up to MAX_REDIRECTS redirects followed one by one), reads at most MAX_PAGE_BYTES of it
 * and takes the title, description, image... from its head (html-head.ts).
 *
 * Tiledesk's route is public (the widget calls it without credentials) and so is this one; it is
 * rate limited per client address and per project (app.ts), takes at most MAX_URLS URLs per call
 * and fetches at most MAX_IN_FLIGHT pages at once per instance.
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { OutboundRefusedError, sendRequest } from '../../platform/http/outbound.js';
import { cleanText, readHead } from './html-head.js';
import type { PagePreview, UrlPreviewResult } from './url-preview.schema.js';

const MAX_URLS = 10;
const MAX_URL_LENGTH = 2048;
const MAX_REDIRECTS = 5;
/** A page's head is at its start; the rest is never downloaded. */
const MAX_PAGE_BYTES = 256 * 1024;
const MAX_IN_FLIGHT = 64;
/** Longest text kept for one field (a title, a description, an image URL). */
const MAX_FIELD_LENGTH = 2048;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HEADERS = {
  'user-agent': 'Mozilla/5.0 (compatible; ParleyBot/1.0; link preview)',
  accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
};

const NOT_ALLOWED = 'URL not allowed';

/** An absolute http(s) URL of a reasonable length: the only kind worth a request. */
function isPreviewable(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH) return false;
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** `location` resolved against `base`, or undefined when it is no URL. */
function resolve(location: string, base: string): string | undefined {
  try {
    return new URL(location, base).toString();
  } catch {
    return undefined;
  }
}

/** Tiledesk's fields, from the page's head (an empty head gives nulls). */
export function previewOf(url: string, html: string): PagePreview {
  const head = readHead(html);
  const meta = (...names: string[]) => {
    for (const name of names) {
      const value = cleanText(head.meta.get(name), MAX_FIELD_LENGTH);
      if (value !== undefined) return value;
    }
    return null;
  };
  return {
    url,
    title: meta('og:title') ?? cleanText(head.title, MAX_FIELD_LENGTH) ?? null,
    description: meta('og:description', 'description'),
    image: meta('og:image', 'twitter:image'),
    siteName: meta('og:site_name'),
    type: meta('og:type'),
    locale: meta('og:locale'),
    author: meta('author', 'article:author'),
    keywords: meta('keywords'),
    twitterCard: meta('twitter:card'),
    twitterTitle: meta('twitter:title'),
    twitterDescription: meta('twitter:description'),
    twitterImage: meta('twitter:image'),
  };
}

const isHtml = (contentType: string | undefined) =>
  contentType === undefined || /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType);

export function createUrlPreviewService({ config }: Pick<Platform, 'config'>) {
  let inFlight = 0;

  async function fetchPreview(url: string): Promise<UrlPreviewResult> {
    const failed = (error: string): UrlPreviewResult => ({ url, success: false, error });
    const deadline = Date.now() + config.urlPreviewTimeoutMs;
    let target = url;
    for (let redirects = 0; ; redirects++) {
      const timeoutMs = deadline - Date.now();
      if (timeoutMs <= 0) return failed(`timed out after ${config.urlPreviewTimeoutMs} ms`);
      let response;
      try {
        response = await sendRequest(target, 'GET', undefined, {
          timeoutMs,
          maxResponseBytes: MAX_PAGE_BYTES,
          truncate: true,
          allowPrivate: config.allowPrivateOutbound,
          headers: HEADERS,
        });
      } catch (error) {
        return failed(error instanceof OutboundRefusedError ? NOT_ALLOWED : (error as Error).message);
      }
      const location = response.headers.location;
      if (REDIRECTS.has(response.status) && location) {
        if (redirects === MAX_REDIRECTS) return failed('Maximum number of redirects exceeded');
        const next = resolve(location, target);
        if (!next) return failed('Invalid redirect location');
        target = next;
        continue;
      }
      if (response.status < 200 || response.status >= 300) {
        return failed(`Request failed with status code ${response.status}`);
      }
      const html = isHtml(response.headers['content-type']) ? response.body : '';
      return { url, success: true, data: previewOf(url, html) };
    }
  }

  async function preview(url: string): Promise<UrlPreviewResult> {
    if (inFlight >= MAX_IN_FLIGHT) return { url, success: false, error: 'Too many previews in progress, retry later' };
    inFlight++;
    try {
      return await fetchPreview(url);
    } finally {
      inFlight--;
    }
  }

  return {
    /** One answer per element of `urls`, in order; each distinct URL is fetched once. */
    async previews(urls: unknown): Promise<UrlPreviewResult[]> {
      if (!Array.isArray(urls) || urls.length === 0) {
        throw errors.unprocessableError('urls must be a non-empty array');
      }
      if (urls.length > MAX_URLS) throw errors.unprocessableError(`urls must contain at most ${MAX_URLS} items`);
      const distinct = [...new Set(urls.filter(isPreviewable))];
      const answers = new Map(await Promise.all(distinct.map(async (url) => [url, await preview(url)] as const)));
      return urls.map((url) => answers.get(url as string) ?? { url, success: false, error: NOT_ALLOWED });
    },
  };
}
