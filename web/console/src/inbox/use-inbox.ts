/**
 * The live list of one view: a page from the API, more pages on demand, and the count of every
 * view. The realtime inbox (`/<project>/requests`) keeps it current: each frame is placed in the
 * list at once when the view can be told locally, then the list and counts are re-read (frames
 * coalesced, one read at a time) so order, full text and dates are the server's. A state frame
 * (a new subscription, a resync after a reconnect) re-reads too: the list is never left stale.
 * Messages do not reach the inbox topic, so previews are also re-read every 30 s while the tab is
 * visible, and at once when it becomes visible again.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { effect } from '@preact/signals';
import { realtime } from '../realtime/connection';
import type { Frame } from '../../../shared/realtime';
import { loadCounts, loadPage, MAX_PAGE_SIZE, PAGE_SIZE, type Counts } from './data';
import { mergeRequest, type InboxRequest } from './request';
import { belongs, type InboxFilters, type ViewId } from './views';

export interface InboxState {
  status: 'loading' | 'ready' | 'error';
  error: unknown;
  requests: InboxRequest[];
  total: number;
  counts: Counts | undefined;
  loadingMore: boolean;
  /** The last re-read failed (offline, server down): the list shown may be out of date. */
  stale: boolean;
}

const INITIAL: InboxState = {
  status: 'loading',
  error: undefined,
  requests: [],
  total: 0,
  counts: undefined,
  loadingMore: false,
  stale: false,
};

/** How long frames are gathered before one re-read. */
const COALESCE_MS = 500;
const POLL_MS = 30_000;

/** A frame's request placed in (or taken out of) the list shown. */
function applyFrame(
  state: InboxState,
  frame: InboxRequest,
  view: ViewId,
  userId: string,
  filters: InboxFilters,
): InboxState {
  const index = state.requests.findIndex((request) => request.request_id === frame.request_id);
  const merged = mergeRequest(state.requests[index], frame);
  const fits = belongs(view, merged, userId, filters);
  if (index >= 0) {
    const requests = [...state.requests];
    if (fits === false) {
      requests.splice(index, 1);
      return { ...state, requests, total: Math.max(0, state.total - 1) };
    }
    requests[index] = merged;
    return { ...state, requests };
  }
  // Closed conversations are sorted by when they closed; the re-read places them.
  if (fits !== true || view === 'closed') return state;
  return { ...state, requests: [merged, ...state.requests], total: state.total + 1 };
}

/** Same status and people: which views hold the request did not change. */
function sameRouting(before: InboxRequest, after: InboxRequest): boolean {
  const same = (a: string[] | undefined, b: string[] | undefined) => (a ?? []).join(' ') === (b ?? []).join(' ');
  return before.status === after.status && same(before.participants, after.participants);
}

function toTop(state: InboxState, requestId: string): InboxState {
  const index = state.requests.findIndex((request) => request.request_id === requestId);
  if (index <= 0) return state;
  const requests = [...state.requests];
  const [row] = requests.splice(index, 1);
  return { ...state, requests: [row!, ...requests] };
}

/**
 * The views' counts, but not for a search: counting every view's matches would be five more
 * searches through every message; the list says how many it found.
 */
function countsFor(projectId: string, userId: string, filters: InboxFilters): Promise<Counts | undefined> {
  return filters.text.trim() ? Promise.resolve(undefined) : loadCounts(projectId, userId, filters);
}

export function useInbox(projectId: string, userId: string, view: ViewId, filters: InboxFilters) {
  const [state, setState] = useState<InboxState>(INITIAL);
  const latest = useRef({ view, filters, state });
  latest.current = { view, filters, state };
  /** Bumped by every new view or filters: answers to an older one are dropped. */
  const generation = useRef(0);
  const filtersKey = JSON.stringify(filters);

  const refresh = useCallback(async () => {
    const asked = generation.current;
    const { view: shownView, filters: shownFilters, state: shown } = latest.current;
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(PAGE_SIZE, shown.requests.length));
    const [page, counts] = await Promise.all([
      loadPage(projectId, shownView, userId, shownFilters, 0, limit),
      countsFor(projectId, userId, shownFilters),
    ]);
    if (asked !== generation.current) return;
    setState((current) => {
      const fresh = new Set(page.requests.map((request) => request.request_id));
      // Pages loaded beyond the first re-read stay as they were.
      const tail = current.requests.slice(limit).filter((request) => !fresh.has(request.request_id));
      return {
        ...current,
        status: 'ready',
        error: undefined,
        stale: false,
        requests: [...page.requests, ...tail],
        total: page.total,
        counts,
      };
    });
  }, [projectId, userId]);

  // One re-read at a time; frames during a read ask for another after it.
  const scheduler = useRef({
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
    running: false,
    again: false,
  });
  const scheduleRefresh = useCallback(() => {
    const s = scheduler.current;
    if (s.running) {
      s.again = true;
      return;
    }
    if (s.timer) return;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      s.running = true;
      refresh()
        .catch((failure: unknown) => {
          console.warn('inbox: refresh failed', failure);
          setState((current) => (current.status === 'ready' ? { ...current, stale: true } : current));
        })
        .finally(() => {
          s.running = false;
          if (s.again) {
            s.again = false;
            scheduleRefresh();
          }
        });
    }, COALESCE_MS);
  }, [refresh]);

  useEffect(() => () => clearTimeout(scheduler.current.timer), []);

  // A new view or new filters: a fresh first page, and the counts for these filters.
  useEffect(() => {
    const asked = ++generation.current;
    setState((current) => ({ ...INITIAL, counts: current.counts }));
    // The list shows as soon as it arrives; the views' counts follow.
    const listed = loadPage(projectId, view, userId, filters, 0);
    listed
      .then((page) => {
        if (asked === generation.current)
          setState((current) => ({
            ...INITIAL,
            status: 'ready',
            requests: page.requests,
            total: page.total,
            counts: current.counts,
          }));
      })
      .catch((error: unknown) => {
        if (asked === generation.current) setState((current) => ({ ...current, status: 'error', error }));
      });
    // After the list: on a big project the counts are five more queries it would wait behind.
    listed
      .then(() => countsFor(projectId, userId, filters))
      .then((counts) => {
        if (asked === generation.current) setState((current) => ({ ...current, counts }));
      })
      .catch((error: unknown) => console.warn('inbox: counts failed', error));
  }, [projectId, userId, view, filtersKey]);

  // Live: frames from the realtime inbox.
  useEffect(() => {
    const connection = realtime();
    const stop = connection.listen(`/${projectId}/inbox`, (frame: Frame) => {
      if (Array.isArray(frame.message)) return scheduleRefresh();
      if (frame.method !== 'CREATE' && frame.method !== 'UPDATE') return;
      const request = frame.message as InboxRequest;
      if (!request?.request_id) return;
      const { view: shownView, filters: shownFilters, state: shown } = latest.current;
      const listed = shown.requests.find((row) => row.request_id === request.request_id);
      // A message in a listed conversation (the frames of every message) changes its preview and
      // brings it to the top; no view gains or loses it, so nothing needs reading again.
      const moved = listed !== undefined && sameRouting(listed, request);
      setState((current) => {
        if (current.status !== 'ready') return current;
        const placed = applyFrame(current, request, shownView, userId, shownFilters);
        return moved && shownView !== 'closed' ? toTop(placed, request.request_id) : placed;
      });
      if (!moved) scheduleRefresh();
    });
    // Back online: whatever the resubscription brings, read the list again.
    let wasOffline = false;
    const stopStatus = effect(() => {
      const status = connection.status.value;
      if (status === 'offline') wasOffline = true;
      if (status === 'online' && wasOffline) {
        wasOffline = false;
        scheduleRefresh();
      }
    });
    const poll = setInterval(() => document.visibilityState === 'visible' && scheduleRefresh(), POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && scheduleRefresh();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stop();
      stopStatus();
      clearInterval(poll);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [projectId, userId, scheduleRefresh]);

  const loadMore = useCallback(async () => {
    const asked = generation.current;
    const { view: shownView, filters: shownFilters, state: shown } = latest.current;
    setState((current) => ({ ...current, loadingMore: true }));
    try {
      const page = await loadPage(
        projectId,
        shownView,
        userId,
        shownFilters,
        Math.floor(shown.requests.length / PAGE_SIZE),
      );
      if (asked !== generation.current) return;
      setState((current) => {
        const known = new Set(current.requests.map((request) => request.request_id));
        const added = page.requests.filter((request) => !known.has(request.request_id));
        return { ...current, requests: [...current.requests, ...added], total: page.total, loadingMore: false };
      });
    } catch (failure) {
      setState((current) => ({ ...current, loadingMore: false }));
      throw failure;
    }
  }, [projectId, userId]);

  /** Again: the list kept on screen while it is re-read, or read from scratch after a failed first read. */
  const retry = useCallback(() => {
    if (latest.current.state.status === 'ready') return scheduleRefresh();
    setState((current) => ({ ...current, status: 'loading' }));
    refresh().catch((error: unknown) => setState((current) => ({ ...current, status: 'error', error })));
  }, [refresh, scheduleRefresh]);

  return { ...state, loadMore, retry };
}
