/**
 * What the embed script adds to the customer's page: a launcher button (with an unread badge) and,
 * on first open, the chat's iframe, both in a shadow root. The host page's styles cannot reach them
 * (a shadow root's own stylesheet; `all: initial !important` on the host, since a page's
 * important rules would otherwise win over the shadow root's `:host` ones) and theirs cannot leak out. The
 * stylesheet is a constructed one, so a host page whose CSP forbids inline styles still applies it;
 * colours set later go through the CSSOM (`style.setProperty`), which CSP does not restrict either.
 */

const STYLES = `
:host { all: initial !important; }
button { position: fixed; right: 20px; bottom: 20px; z-index: 2147483647; width: 56px; height: 56px;
  margin: 0; padding: 0; border: 0; border-radius: 50%; background: #0b5cad; color: #fff;
  font: 600 24px/1 system-ui, sans-serif; cursor: pointer; box-shadow: 0 4px 14px rgb(0 0 0 / 25%); }
button:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 5px;
  box-sizing: border-box; border-radius: 10px; background: #c62828; color: #fff; font: 700 12px/20px system-ui, sans-serif; }
.badge[hidden], iframe[hidden] { display: none; }
iframe { position: fixed; right: 20px; bottom: 90px; z-index: 2147483646; width: min(380px, calc(100vw - 40px));
  height: min(640px, calc(100vh - 120px)); border: 0; border-radius: 12px; background: #fff;
  box-shadow: 0 8px 30px rgb(0 0 0 / 25%); }
.left button, .left iframe { right: auto; left: 20px; }
@media (max-width: 480px) {
  iframe, .left iframe { inset: 0; width: 100%; height: 100%; border-radius: 0; box-shadow: none; }
  /* Over the full-screen chat, the button shrinks into the top corner as its close button. */
  button[aria-expanded='true'] { top: 8px; bottom: auto; right: 8px; width: 40px; height: 40px; font-size: 20px; }
  .left button[aria-expanded='true'] { right: auto; left: 8px; }
}`;

export interface LauncherView {
  button: HTMLButtonElement;
  /** The chat's iframe, created on first open (`ensureFrame`). */
  frame(): HTMLIFrameElement | undefined;
  ensureFrame(src: string): HTMLIFrameElement;
  showOpen(open: boolean): void;
  setUnread(count: number, text?: string): void;
  setLabel(label: string): void;
  /** A CSS colour (anything else is ignored). */
  setColor(color: string): void;
  setPosition(position: 'left' | 'right'): void;
  /** Whether the launcher's button or frame has the focus. */
  hasFocus(): boolean;
}

export function createLauncherView(): LauncherView {
  const host = document.createElement('div');
  host.setAttribute('data-parley-widget', '');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLES);
  root.adoptedStyleSheets = [sheet];
  const box = document.createElement('div');
  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-expanded', 'false');
  const icon = document.createElement('span');
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = '💬';
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.setAttribute('aria-hidden', 'true');
  badge.hidden = true;
  button.append(icon, badge);
  box.append(button);
  root.append(box);
  let frame: HTMLIFrameElement | undefined;
  let label = 'Chat with us';
  let unread = 0;
  let unreadText = '';

  function describe() {
    button.setAttribute('aria-label', unread > 0 ? `${label} (${unreadText || `${unread} unread`})` : label);
  }
  describe();

  // The page may not have a body yet when an async script runs early.
  if (document.body) document.body.append(host);
  else document.addEventListener('DOMContentLoaded', () => document.body.append(host));

  return {
    button,
    frame: () => frame,
    ensureFrame(src) {
      if (frame) return frame;
      frame = document.createElement('iframe');
      frame.title = 'Chat';
      frame.src = src;
      // The chat runs on Parley's origin; the sandbox keeps it from navigating the host page.
      frame.setAttribute(
        'sandbox',
        'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads',
      );
      frame.allow = 'clipboard-write';
      // After the button (the disclosure's order for the keyboard); the button is painted above it.
      box.append(frame);
      return frame;
    },
    showOpen(open) {
      if (frame) frame.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      icon.textContent = open ? '×' : '💬';
    },
    setUnread(count, text) {
      unread = count;
      unreadText = text ?? '';
      badge.textContent = count > 99 ? '99+' : String(count);
      badge.hidden = count === 0;
      describe();
    },
    setLabel(text) {
      label = text;
      describe();
    },
    setColor(color) {
      if (!CSS.supports('color', color)) return;
      button.style.setProperty('background-color', color);
      button.style.setProperty('color', readableOn(getComputedStyle(button).backgroundColor));
    },
    setPosition(position) {
      box.classList.toggle('left', position === 'left');
    },
    hasFocus: () => document.activeElement === host,
  };
}

/** Black or white, whichever reads better on an `rgb(...)` background (WCAG's relative luminance). */
function readableOn(background: string): string {
  const [r = 0, g = 0, b = 0] = (background.match(/[\d.]+/g) ?? []).map((part) => {
    const channel = Number(part) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  // Contrast with white (1.05 / (L + 0.05)) beats contrast with black ((L + 0.05) / 0.05) below L ≈ 0.18.
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179 ? '#000' : '#fff';
}
