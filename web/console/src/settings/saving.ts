/**
 * One save as every settings and team form runs it: the form is disabled while it runs; a
 * failure restores what the form showed before (the caller's `rollback`) and says why in an
 * error notice; a success says so briefly and hands back the server's answer.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { messageOf, notify } from '../ui/toasts';

export interface SaveOptions {
  /** The short notice on success. */
  success: string;
  /** Puts the form back as it was before the change. */
  rollback?: () => void;
}

export function useSaving() {
  const [saving, setSaving] = useState(false);

  async function save<T>(action: () => Promise<T>, options: SaveOptions): Promise<T | undefined> {
    setSaving(true);
    try {
      const result = await action();
      notify('success', options.success);
      return result;
    } catch (failure) {
      options.rollback?.();
      notify('error', t('settings.saveFailed', { message: messageOf(failure) }));
      return undefined;
    } finally {
      setSaving(false);
    }
  }

  return { saving, save };
}
