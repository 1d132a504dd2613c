/** The report's window (last 7/30/90 days or two dates), time zone, department and agent. */
import { t } from '../i18n/i18n';
import { PRESET_DAYS, timeZones, type RangeChoice } from './range';
import type { Team } from './team';

export interface FilterValues {
  range: RangeChoice;
  timezone: string;
  departmentId: string;
  agentId: string;
}

const ZONES = timeZones();

export function Filters({
  values,
  team,
  onChange,
}: {
  values: FilterValues;
  team: Team | undefined;
  onChange: (next: FilterValues) => void;
}) {
  const set = (patch: Partial<FilterValues>) => onChange({ ...values, ...patch });
  const { range } = values;
  const rangeKey = range.kind === 'last' ? String(range.days) : 'custom';

  function chooseRange(key: string) {
    if (key !== 'custom') return set({ range: { kind: 'last', days: Number(key) } });
    set({ range: { kind: 'custom', start: '', end: '' } });
  }

  return (
    <form class="filters" onSubmit={(event) => event.preventDefault()}>
      <label>
        {t('filters.range')}
        <select value={rangeKey} onChange={(event) => chooseRange(event.currentTarget.value)}>
          {PRESET_DAYS.map((days) => (
            <option key={days} value={String(days)}>
              {t('filters.lastDays', { days })}
            </option>
          ))}
          <option value="custom">{t('filters.custom')}</option>
        </select>
      </label>
      {range.kind === 'custom' && (
        <>
          <label>
            {t('filters.from')}
            <input
              type="date"
              value={range.start}
              onChange={(event) => set({ range: { ...range, start: event.currentTarget.value } })}
            />
          </label>
          <label>
            {t('filters.to')}
            <input
              type="date"
              value={range.end}
              onChange={(event) => set({ range: { ...range, end: event.currentTarget.value } })}
            />
          </label>
        </>
      )}
      <label>
        {t('filters.timezone')}
        <select value={values.timezone} onChange={(event) => set({ timezone: event.currentTarget.value })}>
          {ZONES.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('filters.department')}
        <select value={values.departmentId} onChange={(event) => set({ departmentId: event.currentTarget.value })}>
          <option value="">{t('filters.all')}</option>
          {team?.departments.map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('filters.agent')}
        <select value={values.agentId} onChange={(event) => set({ agentId: event.currentTarget.value })}>
          <option value="">{t('filters.all')}</option>
          {team?.agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
