/**
 * A modal question before something that cannot be undone (deleting a bot or an intent): the
 * browser's own <dialog>, so focus is trapped in it and Escape cancels.
 */
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/i18n';

export function ConfirmDialog({
  title,
  text,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  text: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog ref={dialog} class="confirm" aria-labelledby="confirm-title" onCancel={onCancel}>
      <h3 id="confirm-title">{title}</h3>
      <p>{text}</p>
      <div class="actions">
        <button type="button" class="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t('bots.cancel')}
        </button>
      </div>
    </dialog>
  );
}
