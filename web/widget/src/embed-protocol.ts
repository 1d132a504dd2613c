/**
 * What the embed script (`/widget.js`, web/widget/launcher/) and the chat in its iframe
 * (`/widget/`, web/widget/src/) say to each other with `postMessage`.
 *
 * The launcher lives in the customer's page; the chat lives on Parley's origin, in an iframe the
 * launcher creates on first open. Each side checks who speaks: the launcher accepts messages only
 * from its iframe's window and Parley's origin; the chat accepts them only from its parent window
 * (any origin: any site may embed a project's widget, and what the page can send is what the page
 * already has - its own visitor's name, attributes, or a token its own backend minted).
 *
 * Every message is `{ parley: PROTOCOL, ... }` so neither side mistakes another script's messages
 * for its own.
 *
 * The launcher sends nothing before `ready`; it answers every `ready` (a reload of the frame too)
 * with `init`, and forwards later calls at once. A `signOut` may follow `init` straight away (the
 * page signed out before the chat loaded: a session the chat kept from an earlier page is ended).
 * Focus: the launcher focuses the iframe on open; the chat then focuses its composer, and sends
 * `requestClose` when the visitor presses Escape inside it (keys in the frame never reach the page).
 */

export const PROTOCOL = 'parley-widget/1';

/** The visitor as the host page knows them (`Parley.setUser`). */
export interface HostUser {
  name?: string;
  email?: string;
}

/** The launcher's part of the chat's set-up, sent in answer to `ready` and kept up to date. */
export interface EmbedOptions {
  /** `data-lang` of the script tag, else the page's `<html lang>`; the chat falls back to the browser's. */
  lang?: string;
  user?: HostUser;
  /** Attributes the page set (`Parley.setAttributes`), given to the conversation (`attributes`). */
  attributes?: Record<string, unknown>;
  /** A JWT the site's backend minted with the project's secret (`Parley.signIn`), for /auth/signinWithCustomToken. */
  customToken?: string;
  /** The page the visitor is on (`sourcePage` of a new conversation). */
  page: { url: string; title: string };
  /** The launcher's panel is open (the chat focuses its composer when it opens). */
  open: boolean;
}

/** Launcher -> chat. */
export type ToWidget =
  | { parley: typeof PROTOCOL; type: 'init'; options: EmbedOptions }
  | { parley: typeof PROTOCOL; type: 'open' }
  | { parley: typeof PROTOCOL; type: 'close' }
  /** `user` and `attributes` are everything the page set so far (each call merges into them). */
  | { parley: typeof PROTOCOL; type: 'setUser'; user: HostUser }
  | { parley: typeof PROTOCOL; type: 'setAttributes'; attributes: Record<string, unknown> }
  | { parley: typeof PROTOCOL; type: 'signIn'; customToken: string }
  | { parley: typeof PROTOCOL; type: 'signOut' };

/**
 * The events a page can listen to with `Parley.on(name, listener)`; each listener receives the
 * detail. Nothing here is more than the visitor's own page could read in the chat itself.
 */
export interface WidgetEvents {
  /** The chat loaded its settings and is ready to use. */
  ready: { signedIn: boolean };
  /**
   * The panel opened or closed (by the page, the launcher button or the chat's own close button).
   * The launcher emits these two itself; the chat need not send them (the launcher ignores them).
   */
  open: Record<string, never>;
  close: Record<string, never>;
  /** The visitor is signed in (anonymously or with the page's custom token). */
  signedIn: { userId: string; anonymous: boolean };
  /** The visitor started a conversation. */
  conversationStarted: { requestId: string };
  /** A message from the visitor, or to them. */
  messageSent: { requestId: string; text: string };
  messageReceived: { requestId: string; text: string; senderFullname: string };
  /** The conversation was closed (by the visitor or by the team). */
  conversationClosed: { requestId: string };
  /** The visitor rated a conversation. */
  rated: { requestId: string; rating: number };
}

export type WidgetEventName = keyof WidgetEvents;

/** Chat -> launcher. */
export type FromWidget =
  /** The chat has loaded and waits for `init`. */
  | { parley: typeof PROTOCOL; type: 'ready' }
  /** The project's look, so the launcher button matches the chat (after `init`, and on change). */
  | { parley: typeof PROTOCOL; type: 'appearance'; color?: string; position?: 'left' | 'right'; label?: string }
  /** The visitor pressed the chat's own close (minimise) button. */
  | { parley: typeof PROTOCOL; type: 'requestClose' }
  /** Messages the visitor has not seen (the launcher shows the count on its button). */
  | { parley: typeof PROTOCOL; type: 'unread'; count: number; /** "3 unread", in the chat's language. */ text?: string }
  | {
      [Name in WidgetEventName]: { parley: typeof PROTOCOL; type: 'event'; name: Name; detail: WidgetEvents[Name] };
    }[WidgetEventName];

export function isProtocolMessage(data: unknown): data is { parley: typeof PROTOCOL; type: string } {
  return typeof data === 'object' && data !== null && (data as { parley?: unknown }).parley === PROTOCOL;
}
