/** The window's headline numbers. */
import { formatDuration, formatNumber, t } from '../i18n/i18n';
import type { AnalyticsData } from './data';

export function Summary({ data }: { data: AnalyticsData }) {
  const bot = data.days.reduce((sum, day) => sum + day.bot, 0);
  const tiles: Array<[string, string]> = [
    [t('summary.conversations'), formatNumber(data.conversations)],
    [t('summary.botServed'), formatNumber(bot)],
    [t('summary.messages'), formatNumber(data.messages)],
    [t('summary.firstResponse'), orDash(data.times?.firstResponse.avg, formatDuration)],
    [t('summary.rating'), orDash(data.rating.avg, (value) => formatNumber(value, { maximumFractionDigits: 2 }))],
  ];
  return (
    <dl class="tiles">
      {tiles.map(([label, value]) => (
        <div key={label} class="tile">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function orDash(value: number | null | undefined, format: (value: number) => string): string {
  return value === null || value === undefined ? '–' : format(value);
}
