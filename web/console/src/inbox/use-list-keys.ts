/**
 * The inbox's keyboard: `j` / `k` (or the arrows, from the list) move through the conversations,
 * `Enter` opens the one focused (each row is a link), `/` goes to the search, `?` shows the
 * shortcuts. Typing in a field is never taken over.
 */
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

const ROW = 'a.inbox-row';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useListKeys(
  list: RefObject<HTMLElement | null>,
  search: RefObject<HTMLInputElement | null>,
  toggleHelp: () => void,
): void {
  useEffect(() => {
    function move(step: number): void {
      const rows = [...(list.current?.querySelectorAll<HTMLAnchorElement>(ROW) ?? [])];
      if (rows.length === 0) return;
      const focused = rows.indexOf(document.activeElement as HTMLAnchorElement);
      const from = focused >= 0 ? focused : rows.findIndex((row) => row.getAttribute('aria-current') === 'page');
      const next =
        rows[from < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, from + step))];
      next?.focus();
      next?.scrollIntoView({ block: 'nearest' });
    }

    function onKey(event: KeyboardEvent): void {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) {
        if (event.key === 'Escape' && event.target === search.current) search.current?.blur();
        return;
      }
      const inList = document.activeElement === document.body || list.current?.contains(document.activeElement);
      const key = event.key;
      if (key === 'j' || (key === 'ArrowDown' && inList)) move(1);
      else if (key === 'k' || (key === 'ArrowUp' && inList)) move(-1);
      else if (key === '/') search.current?.focus();
      else if (key === '?') toggleHelp();
      else return;
      event.preventDefault();
    }

    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [list, search, toggleHelp]);
}
