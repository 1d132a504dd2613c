/**
 * Runs one of the team's actions on the request: one at a time (the controls are disabled while
 * it runs), the server's answer put in place, a failure said in a toast (nothing was changed
 * locally before the answer, so there is nothing to roll back).
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { notify, messageOf } from '../ui/toasts';
import type { ConversationRequest } from './types';

export function useAction(onRequest: (request: ConversationRequest) => void) {
  const [busy, setBusy] = useState(false);
  async function run(action: () => Promise<ConversationRequest | void>, done?: string): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    try {
      const updated = await action();
      if (updated) onRequest(updated);
      if (done) notify('success', done);
      return true;
    } catch (failure) {
      notify('error', t('conversation.actionFailed', { message: messageOf(failure) }));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, run };
}
