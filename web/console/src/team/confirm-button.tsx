/**
 * A button for something that cannot be undone (remove, revoke, delete, a new secret): the first
 * press asks, in place, with the consequence spelled out; a second press does it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';

export function ConfirmButton({
  label,
  ariaLabel,
  confirmLabel,
  question,
  disabled,
  onConfirm,
}: {
  /** The button's name before asking ("Remove Ada Rossi"). */
  label: string;
  /** A fuller name for assistive technology, when the label alone is ambiguous (a row's "Remove"). */
  ariaLabel?: string;
  /** The button's name that does it ("Yes, remove"). */
  confirmLabel: string;
  /** What happens, asked before it does. */
  question: string;
  disabled?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  // The pressed button is replaced: focus moves to the question's answer, not to the page's top.
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        class="secondary"
        aria-label={ariaLabel}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span class="team-confirm" role="group" aria-label={question}>
      <span class="team-confirm-question">{question}</span>
      <button
        ref={confirm}
        type="button"
        class="danger"
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" class="secondary" onClick={() => setAsking(false)}>
        {t('team.cancel')}
      </button>
    </span>
  );
}
