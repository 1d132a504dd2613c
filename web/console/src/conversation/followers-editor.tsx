/** The agents following the conversation (notified of it without taking part): add and remove. */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { addFollower, removeFollower } from './conversation-api';
import { useAction } from './use-action';
import { nameOf, type Team } from './team';
import type { ConversationRequest } from './types';

interface Props {
  projectId: string;
  request: ConversationRequest;
  team: Team | undefined;
  onRequest(request: ConversationRequest): void;
}

export function FollowersEditor({ projectId, request, team, onRequest }: Props) {
  const ids = { projectId, requestId: request.request_id };
  const { busy, run } = useAction(onRequest);
  const [member, setMember] = useState('');
  const candidates = team?.agents.filter((agent) => !request.followers.includes(agent.id)) ?? [];

  async function add(event: Event) {
    event.preventDefault();
    if (member && (await run(() => addFollower(ids, member)))) setMember('');
  }

  return (
    <section class="side-block" aria-labelledby="conversation-followers">
      <h3 id="conversation-followers">{t('conversation.followers')}</h3>
      {request.followers.length === 0 ? (
        <p class="muted">{t('conversation.noFollowers')}</p>
      ) : (
        <ul class="chips">
          {request.followers.map((id) => (
            <li key={id} class="chip">
              {nameOf(team, id)}
              <button
                type="button"
                class="link"
                disabled={busy}
                aria-label={t('conversation.removeFollower', { name: nameOf(team, id) })}
                onClick={() => void run(() => removeFollower(ids, id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="inline-form" onSubmit={(event) => void add(event)}>
        <label>
          {t('conversation.newFollower')}
          <select value={member} onChange={(event) => setMember(event.currentTarget.value)}>
            <option value="">{t('conversation.choose')}</option>
            {candidates.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || !member}>
          {t('conversation.addFollower')}
        </button>
      </form>
    </section>
  );
}
