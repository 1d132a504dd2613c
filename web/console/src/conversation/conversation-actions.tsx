/**
 * What the agent does to the conversation as a whole: join or leave it, transfer it to an agent
 * or a department, hand it back to a bot, close or reopen it, download its transcript. Each
 * button names what it does; the request shown afterwards is the server's answer.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { session } from '../session';
import { REQUEST_STATUS } from '../../../shared/request-status.js';
import * as actions from './conversation-api';
import { useAction } from './use-action';
import type { Team } from './team';
import type { ConversationRequest } from './types';

interface Props {
  projectId: string;
  request: ConversationRequest;
  team: Team | undefined;
  onRequest(request: ConversationRequest): void;
}

export function ConversationActions({ projectId, request, team, onRequest }: Props) {
  const ids = { projectId, requestId: request.request_id };
  const me = session.value?.user.id ?? '';
  const { busy, run } = useAction(onRequest);
  const [target, setTarget] = useState('');
  const [bot, setBot] = useState('');
  const closed = request.status >= REQUEST_STATUS.CLOSED;
  const joined = request.participants.includes(me);

  async function transfer(event: Event) {
    event.preventDefault();
    const [kind, id] = target.split(':') as [string, string];
    const name = (kind === 'agent' ? team?.agents : team?.departments)?.find((option) => option.id === id)?.name ?? id;
    const ok = await run(
      () => (kind === 'agent' ? actions.transferToAgent(ids, id) : actions.transferToDepartment(ids, id)),
      t('conversation.transferred', { name }),
    );
    if (ok) setTarget('');
  }

  async function handBack(event: Event) {
    event.preventDefault();
    const name = team?.bots.find((option) => option.id === bot)?.name ?? bot;
    if (await run(() => actions.handBackToBot(ids, bot), t('conversation.handedBack', { name }))) setBot('');
  }

  return (
    <div class="conversation-actions">
      <div class="actions">
        {!closed &&
          (joined ? (
            <button
              type="button"
              class="secondary"
              disabled={busy}
              onClick={() => void run(() => actions.leave(ids, me))}
            >
              {t('conversation.leave')}
            </button>
          ) : (
            <button
              type="button"
              class="secondary"
              disabled={busy}
              onClick={() => void run(() => actions.join(ids, me))}
            >
              {t('conversation.join')}
            </button>
          ))}
        {closed ? (
          <button type="button" disabled={busy} onClick={() => void run(() => actions.reopen(ids))}>
            {t('conversation.reopen')}
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => void run(() => actions.close(ids))}>
            {t('conversation.close')}
          </button>
        )}
        <button
          type="button"
          class="secondary"
          disabled={busy}
          onClick={() => void run(() => actions.downloadTranscript(ids))}
        >
          {t('conversation.transcript')}
        </button>
      </div>
      {!closed && (
        <div class="route-forms">
          <form class="inline-form" onSubmit={(event) => void transfer(event)}>
            <label>
              {t('conversation.transferTo')}
              <select value={target} onChange={(event) => setTarget(event.currentTarget.value)}>
                <option value="">{t('conversation.choose')}</option>
                <optgroup label={t('conversation.agents')}>
                  {team?.agents.map((agent) => (
                    <option key={agent.id} value={`agent:${agent.id}`}>
                      {agent.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={t('conversation.departments')}>
                  {team?.departments.map((department) => (
                    <option key={department.id} value={`department:${department.id}`}>
                      {department.name}
                    </option>
                  ))}
                </optgroup>
              </select>
            </label>
            <button type="submit" disabled={busy || !target}>
              {t('conversation.transfer')}
            </button>
          </form>
          {team && team.bots.length > 0 && (
            <form class="inline-form" onSubmit={(event) => void handBack(event)}>
              <label>
                {t('conversation.botLabel')}
                <select value={bot} onChange={(event) => setBot(event.currentTarget.value)}>
                  <option value="">{t('conversation.choose')}</option>
                  {team.bots.map((option) => (
                    <option key={option.id} value={option.id}>
                      {option.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={busy || !bot}>
                {t('conversation.handBack')}
              </button>
            </form>
          )}
        </div>
      )}
    </div>
  );
}
