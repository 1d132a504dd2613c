/**
 * A project's Analytics page: the filters, then conversations per day (bot-served or not), messages
 * per day, waiting / first-response / duration times (average and percentiles), ratings, and a
 * table per agent; each exportable as CSV. Loading, empty and error states are spelled out.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { Filters, type FilterValues } from './filters';
import { browserTimeZone, windowOf } from './range';
import { loadTeam, type Team } from './team';
import { loadAnalytics, type AnalyticsData, type ReportQuery } from './data';
import { Charts } from './charts';
import { AgentTable } from './agent-table';
import { Summary } from './summary';
import { exportAgents, exportDays } from './export';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: AnalyticsData };

function messageOf(failure: unknown): string {
  // The reports are for the project's owners and admins (as Tiledesk's).
  if (failure instanceof ApiError && failure.status === 403) return t('analytics.forbidden');
  return t('status.error', { message: failure instanceof Error ? failure.message : String(failure) });
}

export function AnalyticsPage({ projectId }: { projectId: string }) {
  const [filters, setFilters] = useState<FilterValues>({
    range: { kind: 'last', days: 30 },
    timezone: browserTimeZone(),
    departmentId: '',
    agentId: '',
  });
  const [team, setTeam] = useState<Team | undefined>();
  const [teamError, setTeamError] = useState('');
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    loadTeam(projectId)
      .then(setTeam)
      .catch((failure: unknown) => setTeamError(messageOf(failure)));
  }, [projectId]);

  const span = windowOf(filters.range, filters.timezone);
  const query: ReportQuery | undefined = useMemo(
    () =>
      span && {
        projectId,
        ...span,
        timezone: filters.timezone,
        departmentId: filters.departmentId || undefined,
        agentId: filters.agentId || undefined,
      },
    [projectId, span?.startDate, span?.endDate, filters.timezone, filters.departmentId, filters.agentId],
  );

  useEffect(() => {
    if (!query || !team) return;
    // An answer to filters changed since is dropped.
    let current = true;
    setLoad({ state: 'loading' });
    loadAnalytics(query, team.agents)
      .then((data) => current && setLoad({ state: 'ready', data }))
      .catch((failure: unknown) => current && setLoad({ state: 'error', message: messageOf(failure) }));
    return () => {
      current = false;
    };
  }, [query, team]);

  const error = teamError || (load.state === 'error' ? load.message : '');
  return (
    <section class="analytics" aria-labelledby="analytics-title">
      <header class="page-head">
        <h2 id="analytics-title">{t('analytics.title')}</h2>
        {load.state === 'ready' && query && (
          <div class="actions">
            <button type="button" onClick={() => exportDays(load.data, query)}>
              {t('export.days')}
            </button>
            <button type="button" onClick={() => exportAgents(load.data, query)}>
              {t('export.agents')}
            </button>
          </div>
        )}
      </header>
      <Filters values={filters} team={team} onChange={setFilters} />
      {!span ? (
        <Status kind="error" text={t('filters.invalidRange')} />
      ) : error ? (
        <Status kind="error" text={error} />
      ) : load.state !== 'ready' ? (
        <Status kind="loading" text={t('status.loading')} />
      ) : load.data.conversations === 0 && load.data.messages === 0 ? (
        <Status kind="empty" text={t('analytics.empty')} />
      ) : (
        <>
          <Summary data={load.data} />
          <Charts data={load.data} filtered={Boolean(filters.departmentId || filters.agentId)} />
          <AgentTable agents={load.data.agents} />
        </>
      )}
    </section>
  );
}
