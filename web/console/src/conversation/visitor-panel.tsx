/**
 * The panel beside the conversation: the visitor (as a lead), their other conversations, where
 * they came from, and the conversation's tags and followers. On a narrow screen it folds under a
 * button; on a wide one it is always open.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { LeadEditor } from './lead-editor';
import { PreviousConversations } from './previous-conversations';
import { VisitDetails } from './visit-details';
import { TagsEditor } from './tags-editor';
import { FollowersEditor } from './followers-editor';
import type { Team } from './team';
import { leadOf, type ConversationRequest } from './types';

interface Props {
  projectId: string;
  request: ConversationRequest;
  team: Team | undefined;
  onRequest(request: ConversationRequest): void;
}

export function VisitorPanel({ projectId, request, team, onRequest }: Props) {
  const [open, setOpen] = useState(false);
  const lead = leadOf(request);
  return (
    <aside class={`visitor-panel${open ? ' open' : ''}`} aria-labelledby="visitor-panel-title">
      <button
        type="button"
        class="secondary panel-toggle"
        aria-expanded={open}
        aria-controls="visitor-panel-body"
        onClick={() => setOpen(!open)}
      >
        {open ? t('conversation.panel.hide') : t('conversation.panel.show')}
      </button>
      <div id="visitor-panel-body" class="panel-body">
        <section class="side-block" aria-labelledby="visitor-panel-title">
          <h3 id="visitor-panel-title">{t('conversation.panel.visitor')}</h3>
          {lead ? (
            <LeadEditor key={lead._id} projectId={projectId} initial={lead} />
          ) : (
            <p class="muted">{t('conversation.lead.none')}</p>
          )}
        </section>
        <TagsEditor projectId={projectId} request={request} onRequest={onRequest} />
        <FollowersEditor projectId={projectId} request={request} team={team} onRequest={onRequest} />
        <section class="side-block" aria-labelledby="conversation-visit">
          <h3 id="conversation-visit">{t('conversation.visit.title')}</h3>
          <VisitDetails request={request} />
        </section>
        {lead && (
          <section class="side-block" aria-labelledby="conversation-previous">
            <h3 id="conversation-previous">{t('conversation.previous.title')}</h3>
            <PreviousConversations projectId={projectId} leadId={lead._id} requestId={request.request_id} />
          </section>
        )}
      </div>
    </aside>
  );
}
