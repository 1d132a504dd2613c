/**
 * Short notices at the corner of the screen: a save that worked, and above all one that failed
 * ("a failed save says so and rolls back": the screen restores its state, this says why).
 * `notify` from anywhere; `<Toasts />` is rendered once by the app.
 */
import { signal } from '@preact/signals';
import { t } from '../i18n/i18n';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
}

const toasts = signal<Toast[]>([]);
let nextId = 1;

export function notify(kind: Toast['kind'], text: string, ms = kind === 'error' ? 8000 : 3000): void {
  const toast = { id: nextId++, kind, text };
  toasts.value = [...toasts.value, toast];
  setTimeout(() => dismiss(toast.id), ms);
}

function dismiss(id: number): void {
  toasts.value = toasts.value.filter((toast) => toast.id !== id);
}

/** The message of a thrown value (an ApiError carries the server's). */
export function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

export function Toasts() {
  return (
    <div class="toasts" aria-live="polite">
      {toasts.value.map((toast) => (
        <p key={toast.id} class={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
          {toast.text}
          <button type="button" class="link" aria-label={t('toast.dismiss')} onClick={() => dismiss(toast.id)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
