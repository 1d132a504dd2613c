/**
 * Search and filters: full text (the conversations and their messages, as the list API searches),
 * department, tag, channel and a date range (behind a button). The search applies as typing
 * pauses, or on Enter.
 */
import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import type { InboxOptions } from './data';
import { hasFilters, NO_FILTERS, type InboxFilters } from './views';

/** Channels a conversation can come from (the `channel.name` of a request). */
const CHANNELS = ['chat21', 'email', 'form', 'whatsapp', 'telegram', 'messenger'] as const;
const SEARCH_PAUSE_MS = 350;

export function InboxFilterBar({
  filters,
  options,
  search,
  onChange,
}: {
  filters: InboxFilters;
  options: InboxOptions | undefined;
  search: RefObject<HTMLInputElement | null>;
  onChange: (next: InboxFilters) => void;
}) {
  const [text, setText] = useState(filters.text);
  // The search is always there; the other filters open on demand, to leave the list the room.
  const [open, setOpen] = useState(false);
  const narrowing = [filters.departmentId, filters.tag, filters.channel, filters.from, filters.to].filter(
    Boolean,
  ).length;
  const set = (patch: Partial<InboxFilters>) => onChange({ ...filters, ...patch });

  useEffect(() => setText(filters.text), [filters.text]);
  useEffect(() => {
    if (text === filters.text) return;
    const timer = setTimeout(() => set({ text }), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <form
      class="inbox-filters"
      role="search"
      aria-label={t('inbox.filters')}
      onSubmit={(event) => {
        event.preventDefault();
        set({ text });
      }}
    >
      <div class="inbox-search-row">
        <label class="inbox-search">
          {t('inbox.search')}
          <input
            ref={search}
            type="search"
            value={text}
            placeholder={t('inbox.searchHint')}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </label>
        <button type="button" class="inbox-secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
          {narrowing > 0 ? t('inbox.moreFiltersActive', { count: narrowing }) : t('inbox.moreFilters')}
        </button>
        {hasFilters(filters) && (
          <button type="button" class="inbox-secondary" onClick={() => onChange(NO_FILTERS)}>
            {t('inbox.clear')}
          </button>
        )}
      </div>
      {open && (
        <div class="filters inbox-more-filters">
          <label>
            {t('inbox.department')}
            <select value={filters.departmentId} onChange={(event) => set({ departmentId: event.currentTarget.value })}>
              <option value="">{t('inbox.any')}</option>
              {options?.departments.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('inbox.tag')}
            <select value={filters.tag} onChange={(event) => set({ tag: event.currentTarget.value })}>
              <option value="">{t('inbox.any')}</option>
              {options?.tags.map((tag) => (
                <option key={tag} value={tag}>
                  {tag}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('inbox.channel')}
            <select value={filters.channel} onChange={(event) => set({ channel: event.currentTarget.value })}>
              <option value="">{t('inbox.any')}</option>
              {CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {t(`inbox.channel.${channel}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('inbox.from')}
            <input
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onChange={(event) => set({ from: event.currentTarget.value })}
            />
          </label>
          <label>
            {t('inbox.to')}
            <input
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              onChange={(event) => set({ to: event.currentTarget.value })}
            />
          </label>
        </div>
      )}
    </form>
  );
}
