/** One conversation: its history, the composer and the visitor panel. */
import { t } from '../i18n/i18n';

export function ConversationView({ projectId, requestId }: { projectId: string; requestId: string }) {
  return (
    <section class="card" data-project={projectId} data-request={requestId}>
      <h2>{t('conversation.title')}</h2>
    </section>
  );
}
