/**
 * Which event names a subscription may ask for, and how an emitted event finds its subscriptions.
 *
 * A subscription's `event` is one of:
 * - a Tiledesk event name (`request.create`, `faq.update` ...);
 * - a Tiledesk parametric name (`event.emit.<name>`, `message.create.request.channel.<name>` ...);
 * - a wildcard `<prefix>.*` (every event under that prefix: `request.*`, `message.create.*`)
 *   or `*` (every event of the project). Wildcards are a Parley extension.
 * Delivery itself is generic: any event a service emits reaches the subscriptions whose `event`
 * is its name or a wildcard covering it.
 */

/** The resthook events Tiledesk documents (reference §7). */
const KNOWN_EVENTS = [
  'request.create',
  'request.update',
  'request.close',
  'message.create',
  'lead.create',
  'project_user.update',
  'project_user.update.agent',
  'project_user.invite',
  'project_user.delete',
  'faqbot.create',
  'faqbot.update',
  'faqbot.delete',
  'faq.create',
  'faq.update',
  'faq.delete',
  'department.create',
  'department.update',
  'department.delete',
  'group.create',
  'group.update',
  'group.delete',
  'event.emit',
  'project.create',
  'project.update',
  'project.downgrade',
  'project.delete',
] as const;

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

/** The subscription `event` values that receive an emitted `name`: itself and every wildcard over it. */
export function subscriptionPatternsFor(name: string): string[] {
  const parts = name.split('.');
  const wildcards = parts.slice(1).map((_, i) => `${parts.slice(0, parts.length - 1 - i).join('.')}.*`);
  return [name, ...wildcards, '*'];
}

/** Whether subscriptions asking for `subscribed` (their `event` values; none: undefined) receive `name`. */
export function isSubscribed(subscribed: ReadonlySet<string> | undefined, name: string): boolean {
  return subscribed !== undefined && subscriptionPatternsFor(name).some((pattern) => subscribed.has(pattern));
}
