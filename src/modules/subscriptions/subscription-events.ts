/**
 * Which event names a subscription may ask for, and how an emitted event finds its subscriptions.
 *
 * A subscription's `event` is one of:
 * - a Tiledesk event name (`request.create`, `faq.update` ...);
 * - a Tiledesk parametric name (`event.emit.<name>`, `message.create.request.channel.<name>` ...);
 * - a wildcard `<prefix>.*` (every event under that prefix: `request.*`, `message.create.*`)
 *   or `*` (every event of the project). Wildcards are a Parley extension.
 * Delivery itself is generic: any event a service emits reaches the subscriptions whose `event`
 * is one of its names (see `namesOf`) or a wildcard covering one.
 */
import { ROLE_TYPE_AGENTS } from '../../platform/auth/roles.js';
import { KNOWN_EVENTS } from '../../../web/shared/webhook-events.js';

/** Names completed by a free suffix: `event.emit.<event name>`, `message.create.channel.<channel>` ... */
const PARAMETRIC_PREFIXES = [
  'event.emit.',
  'message.create.request.channel.',
  'message.create.request.channelOutbound.',
  'message.create.channel.',
];

const SUFFIX = /^[^\s*]{1,100}$/;

const known = new Set<string>(KNOWN_EVENTS);
const prefixes = new Set<string>(
  [...KNOWN_EVENTS, ...PARAMETRIC_PREFIXES.map((prefix) => prefix.slice(0, -1))].flatMap((name) => {
    const parts = name.split('.');
    return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
  }),
);
for (const prefix of PARAMETRIC_PREFIXES) prefixes.add(prefix.slice(0, -1));

/** Whether a subscription may be created for `event`. */
export function isSubscribableEvent(event: string): boolean {
  if (known.has(event) || event === '*') return true;
  if (event.endsWith('.*')) return prefixes.has(event.slice(0, -2));
  return PARAMETRIC_PREFIXES.some((prefix) => event.startsWith(prefix) && SUFFIX.test(event.slice(prefix.length)));
}

/** The fields of an emitted event that its subscriptions are matched on. */
export interface EmittedEvent {
  name: string;
  payload?: unknown;
}

/** The payload fields the finer names are read from; each may be missing, whatever the event. */
interface NamedFields {
  name?: unknown;
  roleType?: unknown;
  channel?: { name?: unknown } | null;
  request?: { channel?: { name?: unknown } | null; channelOutbound?: { name?: unknown } | null } | null;
}

/**
 * The names an event answers to: its own and the finer Tiledesk names it stands for, read off its
 * payload (`event.emit.<event name>`, `message.create.channel.<channel>`,
 * `project_user.update.agent` ...). Tiledesk emits each finer name as an event of its own; here
 * they are names of one event, so a subscription that covers several of them still gets one
 * delivery.
 */
function namesOf({ name, payload }: EmittedEvent): string[] {
  const wire = (payload ?? {}) as NamedFields;
  const suffixed = (prefix: string, suffix: unknown) =>
    typeof suffix === 'string' && SUFFIX.test(suffix) ? [`${prefix}${suffix}`] : [];
  switch (name) {
    case 'event.emit':
      return [name, ...suffixed('event.emit.', wire.name)];
    case 'message.create':
      return [
        name,
        ...suffixed('message.create.channel.', wire.channel?.name),
        ...suffixed('message.create.request.channel.', wire.request?.channel?.name),
        ...suffixed('message.create.request.channelOutbound.', wire.request?.channelOutbound?.name),
      ];
    case 'project_user.update':
      return wire.roleType === ROLE_TYPE_AGENTS ? [name, 'project_user.update.agent'] : [name];
    default:
      return [name];
  }
}

/** `name` and every wildcard over it. */
function patternsOfName(name: string): string[] {
  const parts = name.split('.');
  return [name, ...parts.slice(1).map((_, i) => `${parts.slice(0, parts.length - 1 - i).join('.')}.*`)];
}

/** The subscription `event` values that receive an emitted event: each of its names, every wildcard over them. */
export function subscriptionPatternsFor(event: EmittedEvent): string[] {
  return [...new Set([...namesOf(event).flatMap(patternsOfName), '*'])];
}
