/**
 * Link previews (Tiledesk's `POST /:project_id/url-preview`): `{urls: [...]}` in, one answer per
 * URL out, in the order given: `{url, success: true, data}` or `{url, success: false, error}`.
 */
import { Type, type Static } from 'typebox';
import { AnyJson } from '../../platform/http/schemas.js';

export const UrlPreviewBody = Type.Object({
  // Checked by the service, which answers Tiledesk's own 422 bodies.
  urls: Type.Optional(AnyJson),
});

const Text = Type.Union([Type.String(), Type.Null()]);

/** What a page's head says, with Tiledesk's field names; null where it says nothing. */
export const PagePreviewSchema = Type.Object({
  url: Type.String(),
  title: Text,
  description: Text,
  image: Text,
  siteName: Text,
  type: Text,
  locale: Text,
  author: Text,
  keywords: Text,
  twitterCard: Text,
  twitterTitle: Text,
  twitterDescription: Text,
  twitterImage: Text,
});
export type PagePreview = Static<typeof PagePreviewSchema>;

export const UrlPreviewResultSchema = Type.Object({
  /** The URL as given (any JSON value: one that is not a URL is answered as not allowed). */
  url: AnyJson,
  success: Type.Boolean(),
  data: Type.Optional(PagePreviewSchema),
  error: Type.Optional(Type.String()),
});
export type UrlPreviewResult = Static<typeof UrlPreviewResultSchema>;
