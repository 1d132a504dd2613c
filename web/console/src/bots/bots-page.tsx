/**
 * Bots: `#/<project>/bots` lists them (create from a template, import, export, fork, delete);
 * `#/<project>/bots/<bot id>` is one bot (settings, intents with a live preview, a test chat).
 */
import { BotList } from './bot-list';
import { BotPage } from './bot-page';
import './bots.css';

export function BotsPage({ projectId, rest }: { projectId: string; rest: string[] }) {
  const [botId] = rest;
  return botId ? <BotPage key={botId} projectId={projectId} botId={botId} /> : <BotList projectId={projectId} />;
}
