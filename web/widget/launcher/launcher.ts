/**
 * The embed script, `<script src="https://parley.example/widget.js" data-project="ID" async>`:
 * adds a launcher button to any page and, on first open, the widget (`/widget/?project=ID`) in
 * an iframe. Both live in a shadow root, so the host page's styles cannot reach them and
 * theirs cannot leak out; the conversation itself runs in the iframe, on Parley's origin.
 * `window.Parley.open()` / `.close()` drive it from the page.
 *
 * Built by Vite into one self-contained script (launcher/vite.config.ts); the chat it opens is
 * the other app in web/widget/, and embed-protocol.ts is what the two say to each other.
 */
import { PROTOCOL, isProtocolMessage, type FromWidget, type ToWidget } from '../src/embed-protocol';

(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  const project = script?.dataset.project ?? '';
  if (!/^[0-9a-f]{24}$/.test(project)) {
    console.error('Parley widget: the script tag needs data-project="<project id>".');
    return;
  }
  const origin = new URL(script!.src).origin;
  const host = document.createElement('div');
  host.setAttribute('data-parley-widget', '');
  const root = host.attachShadow({ mode: 'open' });
  // A constructed stylesheet: a host page whose CSP forbids inline styles still lets it apply.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`
    :host { all: initial; }
    button { position: fixed; right: 20px; bottom: 20px; z-index: 2147483647; width: 56px; height: 56px;
      border: 0; border-radius: 50%; background: #0b5cad; color: #fff; font: 600 24px/1 system-ui, sans-serif;
      cursor: pointer; box-shadow: 0 4px 14px rgb(0 0 0 / 25%); }
    button:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
    iframe { position: fixed; right: 20px; bottom: 90px; z-index: 2147483647; width: min(380px, calc(100vw - 40px));
      height: min(600px, calc(100vh - 120px)); border: 0; border-radius: 12px; background: #fff;
      box-shadow: 0 8px 30px rgb(0 0 0 / 25%); }
    iframe[hidden] { display: none; }`);
  root.adoptedStyleSheets = [sheet];
  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-label', 'Chat with us');
  button.textContent = '💬';
  let frame: HTMLIFrameElement | undefined;

  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = 'Chat';
      frame.src = `${origin}/widget/?project=${project}`;
      root.append(frame);
    }
    frame.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    button.textContent = '×';
  }

  /** Tells the chat (embed-protocol.ts); only Parley's origin may read it. */
  function tell(message: ToWidget) {
    frame?.contentWindow?.postMessage(message, origin);
  }

  function close() {
    if (frame) frame.hidden = true;
    tell({ parley: PROTOCOL, type: 'close' });
    button.setAttribute('aria-expanded', 'false');
    button.textContent = '💬';
  }

  // The chat's own close button (embed-protocol.ts); only its frame, on Parley's origin, is heard.
  window.addEventListener('message', (event) => {
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
    if (isProtocolMessage(event.data) && (event.data as FromWidget).type === 'requestClose') close();
  });

  button.addEventListener('click', () => (button.getAttribute('aria-expanded') === 'true' ? close() : open()));
  root.append(button);
  document.body.append(host);
  (window as unknown as { Parley: unknown }).Parley = { open, close };
})();
