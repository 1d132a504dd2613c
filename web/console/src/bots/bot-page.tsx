/**
 * One bot (`#/<project>/bots/<bot id>`): its settings, its intents (the editor for internal
 * bots, the blocks read-only for flow bots, nothing for bots answered elsewhere), the test chat,
 * and its file actions.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { t } from '../i18n/i18n';
import { projectHref } from '../router';
import { Status } from '../screens/status';
import { messageOf } from '../ui/toasts';
import { getBot, isFlowBot, listIntents, type Bot, type Intent } from './bots-api';
import { BotFileActions } from './bot-file-actions';
import { BotSettings } from './bot-settings';
import { botTypeLabel } from './bot-type';
import { FlowBlocks } from './flow-blocks';
import { IntentsEditor } from './intents-editor';
import { TestChat } from './test-chat';

type Load =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; bot: Bot; intents: Intent[] };

export function BotPage({ projectId, botId }: { projectId: string; botId: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  async function reload() {
    try {
      const [bot, intents] = await Promise.all([getBot(projectId, botId), listIntents(projectId, botId)]);
      setLoad({ state: 'ready', bot, intents });
    } catch (failure) {
      const status = failure instanceof ApiError ? failure.status : 0;
      const message =
        status === 404
          ? t('bots.notFound')
          : status === 403
            ? t('bots.forbidden')
            : t('status.error', { message: messageOf(failure) });
      setLoad({ state: 'error', message });
    }
  }

  useEffect(() => {
    setLoad({ state: 'loading' });
    void reload();
  }, [projectId, botId]);

  const back = (
    <a class="back" href={projectHref(projectId, 'bots')}>
      {t('bots.back')}
    </a>
  );
  if (load.state !== 'ready') {
    return (
      <section class="bots" aria-labelledby="bot-title">
        {back}
        <h2 id="bot-title">{t('bots.title')}</h2>
        {load.state === 'loading' ? (
          <Status kind="loading" text={t('status.loading')} />
        ) : (
          <Status kind="error" text={load.message} />
        )}
      </section>
    );
  }

  const { bot, intents } = load;
  const flow = isFlowBot(bot);
  const internal = bot.type === 'internal';
  return (
    <section class="bots bot-page" aria-labelledby="bot-title">
      {back}
      <header class="page-head">
        <h2 id="bot-title">{bot.name}</h2>
        <span class="badge">{botTypeLabel(bot.type)}</span>
      </header>
      <div class="bot-columns">
        <div class="bot-main">
          <BotSettings
            key={bot._id}
            projectId={projectId}
            bot={bot}
            onSaved={(saved) => setLoad({ ...load, bot: saved })}
          />
          {internal ? (
            <IntentsEditor
              projectId={projectId}
              botId={bot._id}
              intents={intents}
              onChange={(next) => setLoad({ ...load, intents: next })}
            />
          ) : flow ? (
            <section class="card intents" aria-labelledby="intents-title">
              <h3 id="intents-title">{t('bots.flow.title', { count: intents.length })}</h3>
              <p class="muted">{t('bots.flow.readOnly')}</p>
              {intents.length === 0 ? (
                <Status kind="empty" text={t('bots.intents.empty')} />
              ) : (
                <FlowBlocks intents={intents} />
              )}
            </section>
          ) : (
            <p class="card muted">{t('bots.externalNote')}</p>
          )}
          <BotFileActions projectId={projectId} bot={bot} onImported={() => void reload()} />
        </div>
        <aside class="bot-side">
          <TestChat key={bot._id} projectId={projectId} botId={bot._id} />
        </aside>
      </div>
    </section>
  );
}
