/** Per agent: conversations taken part in, average first response and duration, average rating. */
import { formatDuration, formatNumber, t } from '../i18n/i18n';
import type { AgentRow } from './data';
import { orDash } from './summary';

export function AgentTable({ agents }: { agents: AgentRow[] }) {
  return (
    <section class="card" aria-labelledby="agents-title">
      <h3 id="agents-title">{t('agents.title')}</h3>
      {agents.length === 0 ? (
        <p class="state state-empty">{t('agents.none')}</p>
      ) : (
        <table class="agents">
          <thead>
            <tr>
              <th scope="col">{t('agents.agent')}</th>
              <th scope="col">{t('agents.conversations')}</th>
              <th scope="col">{t('agents.firstResponse')}</th>
              <th scope="col">{t('agents.duration')}</th>
              <th scope="col">{t('agents.rating')}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <tr key={agent.id}>
                <th scope="row">{agent.name}</th>
                <td>{formatNumber(agent.conversations)}</td>
                <td>{orDash(agent.firstResponseAvg, formatDuration)}</td>
                <td>{orDash(agent.durationAvg, formatDuration)}</td>
                <td>{orDash(agent.rating, (value) => formatNumber(value, { maximumFractionDigits: 2 }))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
