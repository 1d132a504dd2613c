/** The four charts: conversations per day, messages per day, response times, ratings. */
import { useMemo } from 'preact/hooks';
import type { ChartConfiguration } from 'chart.js';
import { formatDay, formatDuration, formatNumber, language, t } from '../i18n/i18n';
import { ChartCanvas, COLORS } from './chart';
import type { AnalyticsData } from './data';
import { orDash } from './summary';

const MINUTE = 60_000;

function Figure({ title, caption, config }: { title: string; caption?: string; config: ChartConfiguration }) {
  return (
    <figure class="card figure">
      <figcaption>
        <h3>{title}</h3>
        {caption && <p class="muted">{caption}</p>}
      </figcaption>
      <ChartCanvas config={config} label={title} />
    </figure>
  );
}

/** `filtered`: a department or an agent is chosen, which narrows conversations but not messages. */
export function Charts({ data, filtered }: { data: AnalyticsData; filtered: boolean }) {
  // Charts are made again when the data or the language changes (labels are translated).
  const lang = language.value;
  const configs = useMemo(() => chartConfigs(data), [data, lang]);
  const { times, rating } = data;
  return (
    <div class="charts">
      <Figure title={t('charts.conversations')} config={configs.conversations} />
      <Figure
        title={t('charts.messages')}
        caption={filtered ? t('charts.messagesUnfiltered') : undefined}
        config={configs.messages}
      />
      <Figure
        title={t('charts.times')}
        caption={t('charts.timesCaption', {
          waiting: orDash(times?.waiting.avg, formatDuration),
          firstResponse: orDash(times?.firstResponse.avg, formatDuration),
          duration: orDash(times?.duration.avg, formatDuration),
        })}
        config={configs.times}
      />
      <Figure
        title={t('charts.ratings')}
        caption={t('charts.ratingsCaption', {
          average: orDash(rating.avg, (value) => formatNumber(value, { maximumFractionDigits: 2 })),
        })}
        config={configs.ratings}
      />
    </div>
  );
}

function chartConfigs(
  data: AnalyticsData,
): Record<'conversations' | 'messages' | 'times' | 'ratings', ChartConfiguration> {
  const labels = data.days.map((day) => formatDay(day.day));
  const integerAxis = { beginAtZero: true, ticks: { precision: 0 } };
  const minutes = (value: number | null | undefined) => (value === null || value === undefined ? null : value / MINUTE);
  const stat = (key: 'avg' | 'p50' | 'p90' | 'p95') => [
    minutes(data.times?.waiting[key]),
    minutes(data.times?.firstResponse[key]),
    minutes(data.times?.duration[key]),
  ];
  return {
    conversations: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: t('charts.human'), data: data.days.map((day) => day.human), backgroundColor: COLORS.human },
          { label: t('charts.bot'), data: data.days.map((day) => day.bot), backgroundColor: COLORS.bot },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { ...integerAxis, stacked: true } } },
    },
    messages: {
      type: 'line',
      data: {
        labels,
        datasets: [
          {
            label: t('charts.messagesSeries'),
            data: data.days.map((day) => day.messages),
            borderColor: COLORS.messages,
            backgroundColor: COLORS.messages,
          },
        ],
      },
      options: { scales: { y: integerAxis } },
    },
    times: {
      type: 'bar',
      data: {
        labels: [t('charts.waiting'), t('charts.firstResponse'), t('charts.duration')],
        datasets: [
          { label: t('charts.average'), data: stat('avg'), backgroundColor: '#1d4ed8' },
          { label: t('charts.p50'), data: stat('p50'), backgroundColor: '#60a5fa' },
          { label: t('charts.p90'), data: stat('p90'), backgroundColor: '#f97316' },
          { label: t('charts.p95'), data: stat('p95'), backgroundColor: '#dc2626' },
        ],
      },
      options: {
        scales: { y: { beginAtZero: true, title: { display: true, text: t('charts.minutes') } } },
        plugins: {
          tooltip: {
            callbacks: { label: (item) => `${item.dataset.label}: ${formatDuration(Number(item.raw) * MINUTE)}` },
          },
        },
      },
    },
    ratings: {
      type: 'bar',
      data: {
        labels: ['1', '2', '3', '4', '5'],
        datasets: [
          {
            label: t('charts.ratingsSeries'),
            data: ([1, 2, 3, 4, 5] as const).map((value) => data.rating.counts[value]),
            backgroundColor: COLORS.rating,
          },
        ],
      },
      options: { scales: { y: integerAxis }, plugins: { legend: { display: false } } },
    },
  };
}
