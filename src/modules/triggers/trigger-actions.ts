/**
 * What a trigger does, action by action (Tiledesk's rulesTrigger.js `runAction`). Every change to
 * a conversation goes through the conversations area's commands, so events, realtime frames,
 * webhooks and bot turns follow as for any other change. An action that cannot be done throws;
 * the runner records the failure and goes on with the next action.
 *
 * The actions act as the server: messages come from `system` (or a bot of the project that the
 * action names), as Tiledesk's triggers do.
 */
import type { Config } from '../../config.js';
import type { Caller } from '../../platform/auth/policies.js';
import type { ProjectRow, TriggerAction, TriggerRow } from '../../platform/db/tables.js';
import { isObjectId, newRequestId } from '../../platform/ids.js';
import { postJson } from '../../platform/http/outbound.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import type { createLabelsService } from '../labels/labels.service.js';
import type { ProjectUsersService } from '../project-users/project-users.service.js';
import type { BotsService } from '../bots/bots.service.js';
import { fillLabels, labelKeys } from './trigger-rules.js';
import { triggerToWire } from './triggers.schema.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';

export interface ActionDeps {
  conversations: ConversationsService;
  labels: Pick<ReturnType<typeof createLabelsService>, 'language' | 'stockLanguage'>;
  projectUsers: ProjectUsersService;
  bots: Pick<BotsService, 'exists'>;
}

/** One run of a trigger: what happened, and the conversation it happened in (if any). */
export interface TriggerRun {
  project: ProjectRow;
  trigger: TriggerRow;
  event: string;
  requestId?: string;
  /** The event's document (the request, the message or the custom event), when an action reads it. */
  document?: Record<string, unknown>;
}

/** The server acting on its own: admitted to the project's conversations like an integration. */
function serverCaller(project: ProjectRow): Caller {
  return { principal: { kind: 'subscription', id: 'system', projectId: project.id, fullName: 'Bot' } };
}

const INFO_SUFFIX = ':tdk_msg_subtype_info';
const HIDDEN_SUFFIX = ':tdk_req_status_hidden';

const param = (action: TriggerAction, name: string): string | undefined => {
  const value = action.parameters?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export function createTriggerActions(config: Config, deps: ActionDeps) {
  const { conversations } = deps;

  async function conversationOf(run: TriggerRun) {
    if (!run.requestId) throw new Error(`a ${run.event} event has no conversation to act on`);
    const request = await conversations.find(run.project.id, run.requestId);
    if (!request) throw new Error(`conversation ${run.requestId} not found`);
    return request;
  }

  /**
   * Fills `${KEY}` from the labels of the visitor's language: the project's own when it has that
   * language, else Tiledesk's stock ones in it, else the project's fallback (its default, EN).
   * Tiledesk reads only the project's labels, so a project that never cloned a language greets
   * everyone in English.
   */
  async function withLabels(project: ProjectRow, text: string, lang: string): Promise<string> {
    const primary = (code: string) => code.replace(/_/g, '-').split('-')[0]!.toUpperCase();
    const own = await deps.labels.language(project, lang);
    const stock = deps.labels.stockLanguage(lang);
    const sources = primary(own.lang) === primary(lang) ? [own, stock] : [stock, own];
    return sources.reduce(
      (filled, source) => (source ? fillLabels(filled, source.data as Record<string, unknown>) : filled),
      text,
    );
  }

  /** Posts as the server; the conversation must exist (a post to an unknown id would open one). */
  async function say(run: TriggerRun, message: { text: string; sender?: string; fullName?: string; info?: boolean }) {
    const request = await conversationOf(run);
    const sender = message.sender ?? 'system';
    if (sender.startsWith('bot_') && !(await deps.bots.exists(run.project.id, sender.slice(4)))) {
      throw new Error(`unknown bot ${sender}`);
    }
    let text = message.text;
    const info = message.info || text.endsWith(INFO_SUFFIX);
    if (text.endsWith(INFO_SUFFIX)) text = text.slice(0, -INFO_SUFFIX.length);
    if (labelKeys(text).length > 0) text = await withLabels(run.project, text, request.language ?? 'EN');
    await conversations.post(run.project, serverCaller(run.project), request.request_id, {
      text,
      sender,
      senderFullname: message.fullName ?? 'BOT',
      ...(info && { attributes: { subtype: 'info' } }),
    });
  }

  async function reroute(run: TriggerRun, departmentId: string | undefined) {
    await conversationOf(run);
    const department = departmentId === 'default' ? undefined : departmentId;
    await conversations.route.reroute(run.project, run.requestId!, 'departments', {
      departmentId: department,
      populate: false,
    });
  }

  /** The visitor an event is about: who reported the custom event, sent the message, opened the request. */
  async function visitorOf(run: TriggerRun): Promise<string> {
    const document = run.document ?? {};
    if (run.event === 'message.create.from.requester' && typeof document.sender === 'string') return document.sender;
    const lead = document.lead as { lead_id?: unknown } | undefined;
    if (run.event === 'request.create' && typeof lead?.lead_id === 'string') return lead.lead_id;
    const reporter = typeof document.project_user === 'string' ? document.project_user : undefined;
    if (run.event !== 'event.emit' || !reporter) throw new Error('request.create needs an event with a visitor');
    const [view] = await deps.projectUsers.findViewsByIds(run.project.id, [reporter]);
    const visitor = view?.row.uuid_user ?? view?.row.user_id;
    if (!visitor) throw new Error(`the reporter ${reporter} is not a member of the project`);
    return visitor;
  }

  /**
   * Opens a conversation for the event's visitor (Tiledesk's `new_conversation` from the widget):
   * their first message is the action's text (`welcome`), hidden (status 50) when it ends with
   * `:tdk_req_status_hidden`. A custom event's attributes may give the request id the widget
   * listens to, the department and the language; the visitor is never taken from them.
   */
  async function openConversation(run: TriggerRun, action: TriggerAction) {
    const visitor = await visitorOf(run);
    const event = run.event === 'event.emit' ? (run.document ?? {}) : {};
    const attributes = (event.attributes ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    const wanted = text(attributes.request_id);
    if (wanted && (!wanted.startsWith(`support-group-${run.project.id}-`) || wanted.length > 200)) {
      throw new Error(`request_id ${wanted} is not a request id of this project`);
    }
    const requestId = wanted ?? newRequestId(run.project.id);
    if (await conversations.find(run.project.id, requestId)) throw new Error(`conversation ${requestId} exists`);
    let firstText = param(action, 'text') ?? 'welcome';
    const hidden = firstText.includes(HIDDEN_SUFFIX);
    firstText = firstText.replace(HIDDEN_SUFFIX, '').replace(INFO_SUFFIX, '');
    const department = text(attributes.department) ?? param(action, 'departmentid');
    const extra = (attributes.attributes ?? {}) as Record<string, unknown>;
    await conversations.post(run.project, serverCaller(run.project), requestId, {
      text: firstText,
      sender: visitor,
      ...(text(attributes.fullname) && { senderFullname: text(attributes.fullname) }),
      ...(department && department !== 'default' && isObjectId(department) && { departmentid: department }),
      ...(text(attributes.language) && { language: text(attributes.language) }),
      ...(text(extra.sourcePage) && { sourcePage: text(extra.sourcePage) }),
      ...(text(extra.client) && { userAgent: text(extra.client) }),
      ...(hidden && { request_status: REQUEST_STATUS.TEMP, preflight: true }),
    });
  }

  async function callWebhook(run: TriggerRun, action: TriggerAction) {
    const target = param(action, 'url');
    if (!target) throw new Error('webhook.call needs a url');
    const body = JSON.stringify({
      timestamp: Date.now(),
      event: run.event,
      payload: run.document ?? { request_id: run.requestId },
      hook: triggerToWire(run.trigger),
    });
    const response = await postJson(target, body, {
      timeoutMs: config.webhookTimeoutMs,
      maxResponseBytes: config.outboundMaxResponseBytes,
      allowPrivate: config.allowPrivateOutbound,
      headers: { 'user-agent': 'parley-triggers' },
    });
    if (response.status < 200 || response.status >= 300) throw new Error(`${target} answered HTTP ${response.status}`);
  }

  async function launchBot(run: TriggerRun, text: string, member?: string) {
    if (member) await conversations.route.addParticipant(run.project, run.requestId!, member);
    else await reroute(run, (await conversationOf(run)).department_id ?? undefined);
    await say(run, { text, info: true });
  }

  const actions: Record<string, (run: TriggerRun, action: TriggerAction) => Promise<unknown>> = {
    'message.send': (run, action) =>
      say(run, {
        text: param(action, 'text') ?? '',
        sender: param(action, 'sender'),
        fullName: param(action, 'fullName'),
      }),
    'request.create': openConversation,
    'request.department.route': (run, action) => reroute(run, param(action, 'departmentid')),
    'request.department.route.self': async (run) =>
      reroute(run, (await conversationOf(run)).department_id ?? undefined),
    'request.department.bot.launch': (run, action) => launchBot(run, param(action, 'text') ?? '/start'),
    'request.bot.launch': async (run, action) => {
      await conversationOf(run);
      await launchBot(run, '/start', param(action, 'member') ?? '');
    },
    'request.participants.join': async (run, action) =>
      conversations.route.addParticipant(
        run.project,
        (await conversationOf(run)).request_id,
        param(action, 'member') ?? '',
      ),
    'request.participants.leave': async (run, action) =>
      conversations.route.removeParticipant(
        run.project,
        (await conversationOf(run)).request_id,
        param(action, 'member') ?? '',
      ),
    'request.tags.add': async (run, action) =>
      conversations.annotate.addTags(run.project, (await conversationOf(run)).request_id, [
        { tag: param(action, 'tag') ?? '', ...(param(action, 'color') && { color: param(action, 'color') }) },
      ]),
    'request.close': async (run) =>
      conversations.close(run.project, serverCaller(run.project), (await conversationOf(run)).request_id, {
        force: false,
      }),
    'request.reopen': async (run) => conversations.reopen(run.project, (await conversationOf(run)).request_id),
    'webhook.call': callWebhook,
  };

  return {
    /** Runs one action of a trigger; throws what went wrong. */
    async run(run: TriggerRun, action: TriggerAction): Promise<void> {
      const perform = Object.hasOwn(actions, action.key) ? actions[action.key] : undefined;
      if (!perform) throw new Error(`unknown action ${action.key}`);
      await perform(run, action);
    },
  };
}
