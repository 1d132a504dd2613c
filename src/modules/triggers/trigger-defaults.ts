/**
 * Tiledesk's default triggers (pubmodules/trigger/default.js), the ones its start.js gives every
 * new project, with their codes, so `PUT /modules/triggers/:code/reset` can restore one. The
 * greetings name labels (`${LABEL_FIRST_MSG}`...): the text is read from the project's labels in
 * the visitor's language when the message is sent.
 *
 * One difference: Tiledesk sends the greetings as the project's "identity" bot, which Parley does
 * not create; they come from `system` with the name "Bot" (the action's `sender` may name a bot).
 * Migration 0021 stored a copy of this list for the projects that existed before it: a change here
 * reaches new projects (and resets) only.
 */
import type { Conditions } from './trigger-rules.js';

export interface TriggerDefinition {
  code: string;
  name: string;
  description: string;
  trigger: { key: string; name: string; description: string };
  conditions: Conditions;
  actions: Array<{ key: string; parameters: Record<string, unknown> }>;
  enabled: boolean;
  type?: string;
  version: number;
}

const REQUEST_CREATE = {
  key: 'request.create',
  name: 'Request create event',
  description: 'Standard request create event',
};
const EVENT_EMIT = { key: 'event.emit', name: 'Event emit event', description: 'Standard event emit event' };

const json = (path: string, operator: string, value: unknown, key: string) => ({
  key,
  fact: 'json',
  path,
  operator,
  value,
});
const noBot = json('department.hasBot', 'equal', false, 'request.departmentHasBot');
const temporary = json('status', 'equal', 50, 'request.statusRequestStatus');
const welcome = json('first_text', 'equal', 'welcome', 'request.first_text');
const isOpen = (open: boolean) => json('isOpen', 'equal', open, 'request.isOpen');
const agents = (operator: string) =>
  json('snapshot.availableAgentsCount', operator, 0, 'request.snapshot.availableAgentsCount');
const greeting = (text: string) => [{ key: 'message.send', parameters: { text, fullName: 'Bot' } }];

export const DEFAULT_TRIGGERS: readonly TriggerDefinition[] = [
  {
    code: 's_new_conversation_01',
    name: 'New Conversation',
    description: 'Create a temporary chat when new conversation button is pressed.',
    trigger: EVENT_EMIT,
    conditions: { all: [json('name', 'equal', 'new_conversation', 'event.name')] },
    actions: [
      { key: 'request.create', parameters: { departmentid: 'default', text: 'welcome:tdk_req_status_hidden' } },
    ],
    enabled: true,
    type: 'internal',
    version: 1,
  },
  {
    code: 's_online_welcome_01',
    name: 'Online Welcome Greeting',
    description: 'Send a welcome message if there are online agents to the visitor that create a chat.',
    trigger: REQUEST_CREATE,
    conditions: { all: [noBot, agents('greaterThan'), isOpen(true), welcome, temporary] },
    actions: greeting('${LABEL_FIRST_MSG}'),
    enabled: true,
    type: 'internal',
    version: 3,
  },
  {
    code: 's_offline_welcome_01',
    name: 'Offline Welcome Greeting',
    description: "Send a welcome message if there aren't online agents to the visitor that create a chat.",
    trigger: REQUEST_CREATE,
    conditions: { all: [noBot, agents('equal'), temporary, isOpen(true), welcome] },
    actions: greeting('${LABEL_FIRST_MSG_NO_AGENTS}'),
    enabled: true,
    type: 'internal',
    version: 3,
  },
  {
    code: 's_closed_operating_hours_01',
    name: 'Office Closed Notice',
    description: 'Send an office closed message if a visitor asks for support outside of the operating hours.',
    trigger: REQUEST_CREATE,
    conditions: { all: [noBot, temporary, isOpen(false), welcome] },
    actions: greeting('${LABEL_FIRST_MSG_OPERATING_HOURS_CLOSED}'),
    enabled: true,
    type: 'internal',
    version: 2,
  },
  {
    code: 's_invite_bot_01',
    name: 'Invite Bot',
    description: 'Invite if available the department bot to the temporary chat and start it.',
    trigger: REQUEST_CREATE,
    conditions: { all: [temporary, json('department.hasBot', 'equal', true, 'request.departmentHasBot'), welcome] },
    actions: [{ key: 'request.department.bot.launch', parameters: { text: '/start' } }],
    enabled: true,
    type: 'internal',
    version: 2,
  },
  {
    code: 's_checkout_page_01',
    name: 'Checkout Page',
    description: 'Reduce cart abandonment by engaging customer that are on the checkout page.',
    trigger: REQUEST_CREATE,
    conditions: { all: [json('sourcePage', 'in', '/checkout.html', 'request.sourcePageUrl'), noBot, temporary] },
    actions: greeting('Hey, do you need help to complete the checkout?'),
    enabled: false,
    version: 1,
  },
  {
    code: 's_ticketing_taking_01',
    name: 'Ticketing Taking',
    description: 'Send a taking message when a new ticket is created.',
    trigger: REQUEST_CREATE,
    conditions: { all: [json('channel.name', 'equal', 'email', 'request.channel.name'), noBot] },
    actions: greeting('${TICKET_TAKING}'),
    enabled: true,
    type: 'internal',
    version: 1,
  },
];

export function defaultTrigger(code: string): TriggerDefinition | undefined {
  return DEFAULT_TRIGGERS.find((definition) => definition.code === code);
}
