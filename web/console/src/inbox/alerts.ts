/**
 * How a new conversation assigned to me makes itself known: a short beep (Web Audio, no file to
 * load) and a desktop notification. Notifications are asked for once, from a button (browsers
 * ignore, and users resent, a prompt on load); the choice and the sound's are remembered.
 */
import { signal } from '@preact/signals';

const SOUND_KEY = 'parley.console.inbox.sound';
const DESKTOP_KEY = 'parley.console.inbox.desktop';

export const soundOn = signal(localStorage.getItem(SOUND_KEY) !== 'off');

export function setSound(on: boolean): void {
  soundOn.value = on;
  localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
}

export const desktopSupported = typeof Notification !== 'undefined';

/** 'on' once granted and wanted; 'off' when turned off here; 'denied' by the browser; 'ask' before any choice. */
export type DesktopChoice = 'ask' | 'on' | 'off' | 'denied';

function initialDesktop(): DesktopChoice {
  if (!desktopSupported) return 'off';
  if (Notification.permission === 'denied') return 'denied';
  const stored = localStorage.getItem(DESKTOP_KEY);
  if (stored === 'off') return 'off';
  return Notification.permission === 'granted' ? 'on' : 'ask';
}

export const desktop = signal<DesktopChoice>(initialDesktop());

export async function enableDesktop(): Promise<void> {
  const permission = await Notification.requestPermission();
  desktop.value = permission === 'granted' ? 'on' : permission === 'denied' ? 'denied' : 'ask';
  if (permission === 'granted') localStorage.setItem(DESKTOP_KEY, 'on');
}

export function disableDesktop(): void {
  desktop.value = 'off';
  localStorage.setItem(DESKTOP_KEY, 'off');
}

let audio: AudioContext | undefined;

/** Two short tones; silently nothing where audio is not allowed yet (no gesture on the page). */
export function beep(): void {
  if (!soundOn.value || typeof AudioContext === 'undefined') return;
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    const start = audio.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.16, 1320],
    ] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.14);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.15);
    }
  } catch {
    // No audio device: the toast and the notification still say it.
  }
}

/** A desktop notification that opens the conversation when clicked. */
export function showDesktop(title: string, body: string, tag: string, open: () => void): void {
  if (desktop.value !== 'on' || Notification.permission !== 'granted') return;
  try {
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => {
      window.focus();
      open();
      notification.close();
    };
  } catch {
    // Some browsers only show notifications from a service worker: the toast still says it.
  }
}
