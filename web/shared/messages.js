/** A conversation's messages, as the widget shows them. */
import { element, timeOf } from './api.js';

/**
 * Adds a frame's message, or its list (a history), to `messages` by id (a replay or the page's
 * own post may repeat one) and shows them all in `list`, oldest first: notices centred, those of
 * the `reader` (a user id) on the right, named `readerName` when given.
 */
export function showMessages(list, messages, message, { reader, readerName }) {
  for (const item of Array.isArray(message) ? message : [message]) messages.set(item._id, item);
  const sorted = [...messages.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  list.replaceChildren(...sorted.map((item) => messageItem(item, item.sender === reader, readerName)));
  list.lastElementChild?.scrollIntoView({ block: 'end' });
}

/** One message; its text only ever as textContent. */
function messageItem(message, mine, readerName) {
  const info = message.sender === 'system' || String(message.attributes?.subtype ?? '').startsWith('info');
  const sender = mine && readerName ? readerName : message.senderFullname;
  return element('li', { className: info ? 'info' : mine ? 'mine' : '' }, [
    element('span', { className: 'meta', text: `${sender} · ${timeOf(message.createdAt)}` }),
    element('span', { className: 'text', text: message.text ?? `[${message.type}]` }),
  ]);
}
