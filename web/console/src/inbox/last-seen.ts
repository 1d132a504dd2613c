/**
 * "Unread": something arrived in a conversation since this agent last had it open. When each
 * conversation was last seen is kept in localStorage per user and project (the browser is the
 * agent's). The first visit sets a baseline: what happened before it counts as read, so a new
 * agent's inbox does not open with every old conversation marked.
 */
import { signal } from '@preact/signals';
import { activityOf, isOpen, lastMessageOf, type InboxRequest } from './request';

interface Stored {
  baseline: number;
  seen: Record<string, number>;
}

/** Kept entries: the most recently seen conversations (older ones fall back to the baseline). */
const KEPT = 500;

/** Bumped on every change, so rows re-render when something is marked seen. */
export const seenVersion = signal(0);

const keyOf = (userId: string, projectId: string) => `parley.console.inbox.seen.${userId}.${projectId}`;

function read(key: string): Stored | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null') as Stored | null;
    return value && typeof value.baseline === 'number' && typeof value.seen === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

export class LastSeen {
  readonly #key: string;
  #stored: Stored;

  constructor(
    readonly userId: string,
    projectId: string,
  ) {
    this.#key = keyOf(userId, projectId);
    this.#stored = read(this.#key) ?? { baseline: Date.now(), seen: {} };
    this.#save();
  }

  isUnread(request: InboxRequest): boolean {
    if (!isOpen(request)) return false;
    // What I wrote myself is not news to me.
    if (lastMessageOf(request)?.sender === this.userId) return false;
    return activityOf(request) > (this.#stored.seen[request.request_id] ?? this.#stored.baseline);
  }

  /** Marks a conversation read up to now, or up to its last activity when the server's clock is ahead. */
  markSeen(requestId: string, request?: InboxRequest): void {
    const activity = (request && activityOf(request)) || 0;
    const seen = this.#stored.seen[requestId];
    if (seen !== undefined && seen >= activity) return;
    this.#stored.seen[requestId] = Math.max(Date.now(), activity);
    const entries = Object.entries(this.#stored.seen);
    if (entries.length > KEPT) {
      this.#stored.seen = Object.fromEntries(entries.sort((a, b) => b[1] - a[1]).slice(0, KEPT));
    }
    this.#save();
    seenVersion.value++;
  }

  #save(): void {
    try {
      localStorage.setItem(this.#key, JSON.stringify(this.#stored));
    } catch {
      // Storage full or denied: unread markers last for this page only.
    }
  }
}
