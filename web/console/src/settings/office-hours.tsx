/**
 * Office hours: on or off, the time zone they are read in, and per weekday any number of ranges
 * (none: closed that day). Outside them the project is closed: the widget says so and no agent
 * is routed (src/modules/projects/operating-hours.ts).
 */
import { useState } from 'preact/hooks';
import { language, t } from '../i18n/i18n';
import { browserTimeZone, timeZones } from '../analytics/range';
import { updateProject, type SectionProps } from './project';
import { useSaving } from './saving';
import {
  allValid,
  isValidRange,
  readHours,
  weekdayName,
  WEEK_ORDER,
  writeHours,
  type OfficeHours,
  type TimeRange,
} from './hours';

const ZONES = timeZones();
const NEW_RANGE: TimeRange = { start: '09:00', end: '17:00' };

const hoursOf = (project: SectionProps['project']) =>
  readHours(project.activeOperatingHours, project.operatingHours, browserTimeZone());

export function OfficeHoursForm({ project, onSaved }: SectionProps) {
  const [hours, setHours] = useState<OfficeHours>(() => hoursOf(project));
  const { saving, save } = useSaving();
  const zones = ZONES.includes(hours.timezone) ? ZONES : [hours.timezone, ...ZONES];

  const setDay = (day: number, ranges: TimeRange[]) =>
    setHours({ ...hours, days: hours.days.map((current, index) => (index === day ? ranges : current)) });

  async function submit(event: Event) {
    event.preventDefault();
    const updated = await save(() => updateProject(project._id, writeHours(hours)), {
      success: t('settings.hours.saved'),
      rollback: () => setHours(hoursOf(project)),
    });
    if (updated) {
      setHours(hoursOf(updated));
      onSaved(updated);
    }
  }

  return (
    <section class="card settings-section" aria-labelledby="settings-hours-title">
      <h3 id="settings-hours-title">{t('settings.hours.title')}</h3>
      <p class="muted">{t('settings.hours.hint')}</p>
      <form class="settings-form" onSubmit={(event) => void submit(event)}>
        <label class="check">
          <input
            type="checkbox"
            checked={hours.enabled}
            onChange={(event) => setHours({ ...hours, enabled: event.currentTarget.checked })}
          />
          {t('settings.hours.enabled')}
        </label>
        <label>
          {t('settings.hours.timezone')}
          <select
            value={hours.timezone}
            onChange={(event) => setHours({ ...hours, timezone: event.currentTarget.value })}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
        <div class="week">
          {WEEK_ORDER.map((day) => (
            <DayRanges
              key={day}
              name={weekdayName(day, language.value)}
              ranges={hours.days[day] ?? []}
              onChange={(ranges) => setDay(day, ranges)}
            />
          ))}
        </div>
        {hours.enabled && hours.days.every((ranges) => ranges.length === 0) && (
          <p class="error">{t('settings.hours.alwaysClosed')}</p>
        )}
        <div class="actions">
          <button type="submit" disabled={saving || !allValid(hours)}>
            {saving ? t('settings.saving') : t('settings.hours.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function DayRanges({
  name,
  ranges,
  onChange,
}: {
  name: string;
  ranges: TimeRange[];
  onChange: (ranges: TimeRange[]) => void;
}) {
  const replace = (index: number, range: TimeRange) => onChange(ranges.map((r, i) => (i === index ? range : r)));
  const last = ranges[ranges.length - 1];
  // A new range starts where the last one ends, so two ranges do not overlap by default.
  const next = last && last.end < '23:00' ? { start: last.end, end: '23:59' } : NEW_RANGE;
  return (
    <fieldset class="day">
      <legend>{name}</legend>
      {ranges.length === 0 && <p class="muted">{t('settings.hours.closed')}</p>}
      {ranges.map((range, index) => (
        <div class="range" key={index}>
          <label>
            {t('settings.hours.from')}
            <input
              type="time"
              required
              value={range.start}
              onChange={(event) => replace(index, { ...range, start: event.currentTarget.value })}
            />
          </label>
          <label>
            {t('settings.hours.to')}
            <input
              type="time"
              required
              value={range.end}
              onChange={(event) => replace(index, { ...range, end: event.currentTarget.value })}
            />
          </label>
          <button
            type="button"
            class="secondary"
            aria-label={t('settings.hours.removeRange', { day: name, start: range.start, end: range.end })}
            onClick={() => onChange(ranges.filter((_, i) => i !== index))}
          >
            {t('settings.hours.remove')}
          </button>
          {!isValidRange(range) && (
            <p class="error" role="alert">
              {t('settings.hours.invalid')}
            </p>
          )}
        </div>
      ))}
      <button
        type="button"
        class="secondary"
        aria-label={t('settings.hours.addRangeTo', { day: name })}
        onClick={() => onChange([...ranges, next])}
      >
        {t('settings.hours.add')}
      </button>
    </fieldset>
  );
}
