/**
 * The chat's side of the embed protocol (embed-protocol.ts): inside the launcher's iframe it says
 * `ready`, takes its set-up and commands from its parent window only, and tells the launcher its
 * look, the unread count and the events a page can listen to. Opened directly (not framed) it
 * works alone from `?project=` and says nothing.
 */
import { signal } from '@preact/signals';
import {
  isProtocolMessage,
  PROTOCOL,
  type FromWidget,
  type ToWidget,
  type WidgetEventName,
  type WidgetEvents,
} from './embed-protocol';
import { customToken, hostAttributes, hostPage, hostUser } from './session';

export const framed = window.parent !== window;

/** The launcher's panel is open (always, when the page is opened on its own). */
export const panelOpen = signal(!framed);
/** `init.options.lang`: the site's language. */
export const siteLanguage = signal<string | undefined>(undefined);
/** Set by the app: what `signOut` from the page does. */
let onSignOut: () => void = () => {};

export function whenSignedOut(handler: () => void): void {
  onSignOut = handler;
}

type Outgoing = FromWidget extends infer Message ? (Message extends unknown ? Omit<Message, 'parley'> : never) : never;

function post(message: Outgoing): void {
  // Any origin may frame the chat; what it says is only what this page may learn anyway.
  if (framed) window.parent.postMessage({ parley: PROTOCOL, ...message }, '*');
}

export function emit<Name extends WidgetEventName>(name: Name, detail: WidgetEvents[Name]): void {
  post({ type: 'event', name, detail } as Outgoing);
}

export function postAppearance(appearance: { color?: string; position?: 'left' | 'right'; label?: string }): void {
  post({ type: 'appearance', ...appearance });
}

export function postUnread(count: number, text?: string): void {
  post({ type: 'unread', count, ...(text && { text }) });
}

export function requestClose(): void {
  post({ type: 'requestClose' });
}

function receive(message: ToWidget): void {
  switch (message.type) {
    case 'init': {
      const { options } = message;
      siteLanguage.value = options.lang;
      if (options.user) hostUser.value = { ...options.user };
      if (options.attributes) hostAttributes.value = { ...options.attributes };
      if (options.customToken) customToken.value = options.customToken;
      hostPage.value = options.page;
      panelOpen.value = options.open;
      return;
    }
    case 'open':
      panelOpen.value = true;
      return;
    case 'close':
      panelOpen.value = false;
      return;
    case 'setUser':
      hostUser.value = { ...hostUser.value, ...message.user };
      return;
    case 'setAttributes':
      hostAttributes.value = { ...hostAttributes.value, ...message.attributes };
      return;
    case 'signIn':
      customToken.value = message.customToken;
      return;
    case 'signOut':
      onSignOut();
      return;
  }
}

export function startEmbed(): void {
  if (!framed) return;
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || !isProtocolMessage(event.data)) return;
    receive(event.data as ToWidget);
  });
  post({ type: 'ready' });
}
