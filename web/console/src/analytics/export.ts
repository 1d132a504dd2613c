/**
 * The page's numbers as CSV: one file per day, one per agent. Headers are in the page's language;
 * times are in seconds and averages are plain numbers, so a spreadsheet can compute with them.
 */
import { t } from '../i18n/i18n';
import { downloadCsv } from './csv';
import type { AnalyticsData, ReportQuery } from './data';

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);
const rounded = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/** A file of `rows`, each the values of the columns in order. */
function download(kind: string, query: ReportQuery, columns: string[], rows: unknown[][]) {
  const records = rows.map((values) => Object.fromEntries(columns.map((column, i) => [column, values[i]])));
  downloadCsv(`parley-${kind}-${query.startDate}-${query.endDate}.csv`, columns, records);
}

export function exportDays(data: AnalyticsData, query: ReportQuery): void {
  download(
    'days',
    query,
    [t('csv.day'), t('csv.conversations'), t('csv.botServed'), t('csv.human'), t('csv.messages')],
    data.days.map((day) => [day.day, day.conversations, day.bot, day.human, day.messages]),
  );
}

export function exportAgents(data: AnalyticsData, query: ReportQuery): void {
  download(
    'agents',
    query,
    [
      t('csv.agent'),
      t('csv.agentId'),
      t('csv.conversations'),
      t('csv.firstResponseSeconds'),
      t('csv.durationSeconds'),
      t('csv.rating'),
    ],
    data.agents.map((agent) => [
      agent.name,
      agent.id,
      agent.conversations,
      seconds(agent.firstResponseAvg),
      seconds(agent.durationAvg),
      rounded(agent.rating),
    ]),
  );
}
