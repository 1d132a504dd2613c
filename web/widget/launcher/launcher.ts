/**
 * The embed script, `<script src="https://parley.example/widget.js" data-project="ID" async>`
 * (optional `data-lang`, `data-position="left|right"`, `data-color`): a launcher button on any
 * page and, on first open, the chat (`/widget/?project=ID`, on Parley's origin) in an iframe
 * (launcher-view.ts). The page drives it through `window.Parley`, its only global:
 *
 *   Parley.open() / close() / toggle()
 *   Parley.setUser({ name, email })      Parley.setAttributes({ plan: 'pro' })  (merged)
 *   Parley.signIn(customToken)           Parley.signOut()
 *   Parley.on(event, listener) -> off    Parley.off(event, listener)
 *
 * Calls made before the script loads are queued the way Intercom's and Plausible's are: the page
 * defines a stub that records its arguments, and this script replays them in order.
 *
 *   window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
 *   Parley('setUser', { name: 'Ada' });  Parley('on', 'messageReceived', listener);
 *
 * Once loaded, `Parley('open')` still works, beside `Parley.open()`. What the page sets before the
 * chat has loaded is kept and sent with `init` when the chat says `ready`; later calls are
 * forwarded at once (embed-protocol.ts). Messages are accepted only from the chat's own window on
 * Parley's origin (the origin this script came from), and posted only to that origin.
 *
 * Built by Vite into one IIFE (launcher/vite.config.ts); its gzipped size has a budget
 * (test/unit/widget-size.test.ts).
 */
import {
  PROTOCOL,
  isProtocolMessage,
  type EmbedOptions,
  type FromWidget,
  type HostUser,
  type ToWidget,
  type WidgetEventName,
  type WidgetEvents,
} from '../src/embed-protocol';
import { createLauncherView } from './launcher-view';

type Listener = (detail: unknown) => void;

const EVENT_NAMES: readonly WidgetEventName[] = [
  'ready',
  'open',
  'close',
  'signedIn',
  'conversationStarted',
  'messageSent',
  'messageReceived',
  'conversationClosed',
  'rated',
];
const LABELS: Record<string, string> = { en: 'Chat with us', it: 'Scrivici' };

const isEventName = (name: unknown): name is WidgetEventName => EVENT_NAMES.includes(name as WidgetEventName);
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function findScript(): HTMLScriptElement | null {
  return (
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-project][src*="widget.js"]')
  );
}

function start(script: HTMLScriptElement, queued: ArrayLike<unknown>[]) {
  const project = script.dataset.project ?? '';
  if (!/^[0-9a-f]{24}$/.test(project)) {
    console.error('Parley widget: the script tag needs data-project="<24-hex project id>".');
    return;
  }
  const origin = new URL(script.src).origin;
  const dataLang = script.dataset.lang ?? document.documentElement.lang;
  const lang = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(dataLang) ? dataLang : undefined;
  const view = createLauncherView();
  view.setLabel(LABELS[(lang ?? navigator.language).slice(0, 2).toLowerCase()] ?? 'Chat with us');
  if (script.dataset.color) view.setColor(script.dataset.color);
  if (script.dataset.position === 'left') view.setPosition('left');

  const listeners = new Map<WidgetEventName, Set<Listener>>();
  let user: HostUser | undefined;
  let attributes: Record<string, unknown> | undefined;
  let customToken: string | undefined;
  /** signOut() before the chat was ready: sent after `init`, since the chat may hold a session. */
  let signOutPending = false;
  /** The chat answered `ready` and has its `init`: calls are forwarded from then on. */
  let initialised = false;
  let isOpen = false;

  /** Tells the chat; only Parley's origin may read it. */
  function tell(message: ToWidget) {
    if (initialised) view.frame()?.contentWindow?.postMessage(message, origin);
  }

  function emit<Name extends WidgetEventName>(name: Name, detail: WidgetEvents[Name]) {
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(detail);
      } catch (error) {
        // The page's listener failing is the page's problem, not a reason to stop the others.
        console.error(error);
      }
    }
  }

  function open() {
    if (isOpen) return;
    isOpen = true;
    const frame = view.ensureFrame(`${origin}/widget/?project=${project}`);
    view.showOpen(true);
    frame.focus();
    tell({ parley: PROTOCOL, type: 'open' });
    emit('open', {});
  }

  function close() {
    if (!isOpen) return;
    isOpen = false;
    // Focus inside the chat goes back to the button; focus elsewhere on the page stays there.
    const focusInside = view.hasFocus();
    view.showOpen(false);
    if (focusInside) view.button.focus();
    tell({ parley: PROTOCOL, type: 'close' });
    emit('close', {});
  }

  function setUser(value: unknown) {
    if (!isPlainObject(value)) return console.error('Parley.setUser: expected { name, email }.');
    const next: HostUser = { ...user };
    if (typeof value.name === 'string') next.name = value.name;
    if (typeof value.email === 'string') next.email = value.email;
    user = next;
    tell({ parley: PROTOCOL, type: 'setUser', user });
  }

  function setAttributes(value: unknown) {
    let copy: unknown;
    try {
      // Only data crosses to the chat (no functions, no cycles: postMessage would throw on them).
      copy = JSON.parse(JSON.stringify(value)) as unknown;
    } catch {
      copy = undefined;
    }
    if (!isPlainObject(copy)) return console.error('Parley.setAttributes: expected an object of plain data.');
    attributes = { ...attributes, ...copy };
    tell({ parley: PROTOCOL, type: 'setAttributes', attributes });
  }

  function signIn(token: unknown) {
    const jwt = typeof token === 'string' ? token.replace(/^JWT\s+/i, '').trim() : '';
    if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt)) return console.error('Parley.signIn: expected a JWT.');
    customToken = jwt;
    signOutPending = false;
    tell({ parley: PROTOCOL, type: 'signIn', customToken: jwt });
  }

  function signOut() {
    customToken = undefined;
    user = undefined;
    attributes = undefined;
    if (initialised) tell({ parley: PROTOCOL, type: 'signOut' });
    else signOutPending = true;
  }

  function on(name: unknown, listener: unknown): () => void {
    if (!isEventName(name) || typeof listener !== 'function') {
      console.error(`Parley.on: unknown event ${String(name)} or no listener.`);
      return () => {};
    }
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener as Listener);
    return () => off(name, listener);
  }

  function off(name: unknown, listener: unknown) {
    if (isEventName(name)) listeners.get(name)?.delete(listener as Listener);
  }

  function init() {
    const options: EmbedOptions = {
      page: { url: location.href, title: document.title },
      open: isOpen,
      ...(lang && { lang }),
      ...(user && { user }),
      ...(attributes && { attributes }),
      ...(customToken && { customToken }),
    };
    initialised = true;
    tell({ parley: PROTOCOL, type: 'init', options });
    if (signOutPending) tell({ parley: PROTOCOL, type: 'signOut' });
    signOutPending = false;
  }

  function receive(message: FromWidget) {
    switch (message.type) {
      case 'ready':
        return init();
      case 'requestClose':
        return close();
      case 'unread':
        if (Number.isInteger(message.count) && message.count >= 0) {
          view.setUnread(message.count, typeof message.text === 'string' ? message.text.slice(0, 80) : undefined);
        }
        return;
      case 'appearance':
        if (typeof message.color === 'string') view.setColor(message.color);
        if (message.position === 'left' || message.position === 'right') view.setPosition(message.position);
        if (typeof message.label === 'string' && message.label.trim()) view.setLabel(message.label.trim());
        return;
      case 'event':
        // The launcher itself announces open and close, whoever asked for them.
        if (isEventName(message.name) && message.name !== 'open' && message.name !== 'close')
          emit(message.name, message.detail);
        return;
    }
  }

  window.addEventListener('message', (event) => {
    const frame = view.frame();
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
    if (isProtocolMessage(event.data)) receive(event.data as FromWidget);
  });
  view.button.addEventListener('click', () => (isOpen ? close() : open()));
  view.button.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && isOpen) close();
  });

  const api = {
    open,
    close,
    toggle: () => (isOpen ? close() : open()),
    setUser,
    setAttributes,
    signIn,
    signOut,
    on,
    off,
  };
  /** `Parley('open')`, the queue's form, keeps working after the script has loaded. */
  function call(method: unknown, ...args: unknown[]) {
    const fn = typeof method === 'string' && Object.hasOwn(api, method) && api[method as keyof typeof api];
    if (!fn) return console.error(`Parley: unknown method ${String(method)}.`);
    return (fn as (...a: unknown[]) => unknown)(...args);
  }
  (window as unknown as { Parley: unknown }).Parley = Object.assign(call, api, { loaded: true });
  for (const args of queued) call(...(Array.from(args) as [unknown, ...unknown[]]));
}

(() => {
  const existing = (window as unknown as { Parley?: { q?: unknown; loaded?: boolean } }).Parley;
  if (existing?.loaded) return; // The snippet twice on one page: one launcher.
  const script = findScript();
  if (!script) return console.error('Parley widget: cannot find its script tag.');
  start(script, Array.isArray(existing?.q) ? (existing.q as ArrayLike<unknown>[]) : []);
})();
