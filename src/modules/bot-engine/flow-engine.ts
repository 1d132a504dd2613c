/**
 * Flow bots (`tilebot`): an intent is a block of `actions` run in order. The supported subset of
 * Tiledesk's actions (`_tdActionType`):
 *
 * - `reply`: a message; its `attributes.commands` (`message` and `wait` commands) are kept for
 *   clients that play them, and its text, buttons, image or frame are also set on the message
 *   itself for clients that do not;
 * - `intent` (`intentName: "#<intent_id>"` or a display name): continue with that block;
 * - `agent`: hand the conversation to a human; `close`: close it (and stop);
 * - `wait` (`millis`): the rest of the block runs later, in a turn of its own;
 * - `setattribute` (`destination`, `operation`), `jsoncondition` (`groups`, `trueIntent`,
 *   `falseIntent`) and `webrequest`/`webrequestv2`: see ./flow-values.ts and ./flow-web-request.ts.
 *
 * Any other action is logged and skipped. A jump ends the block it came from (Tiledesk's
 * intent directive stops the current flow); a turn runs at most MAX_STEPS actions.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { IntentRow } from '../../platform/db/tables.js';
import { evaluateGroups, evaluateOperation, fill, type Variables } from './flow-values.js';
import { runWebRequest, type WebRequestSettings } from './flow-web-request.js';
import type { OutgoingMessage } from './faq-engine.js';

const MAX_STEPS = 100;
const MAX_WAIT_MS = 10 * 60_000;

export interface FlowDeps {
  /** The bot's intent named `#<intent_id>`, by intent id, `_id` or display name. */
  findIntent(reference: string): Promise<IntentRow | undefined>;
  webRequest: WebRequestSettings;
  log: FastifyBaseLogger;
}

export interface FlowOutcome {
  messages: OutgoingMessage[];
  /** Where the flow continues after a wait, and when. */
  resume?: { intentId: string; actionIndex: number; delayMs: number };
}

type Action = Record<string, unknown> & { _tdActionType?: unknown };

/** A reference as flows write it: `#<intent_id>` or a name, optionally followed by JSON parameters. */
function parseReference(raw: unknown): { reference: string; parameters?: Variables } | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const match = /^([^{]+)(\{.*\})?$/s.exec(raw.trim());
  if (!match) return undefined;
  let parameters: Variables | undefined;
  try {
    parameters = match[2] ? JSON.parse(match[2]) : undefined;
  } catch {
    parameters = undefined;
  }
  // Group 1 is not optional: it participates in every match.
  return { reference: match[1]!.trim().replace(/^#/, ''), parameters };
}

/** Runs the flow from `intent`'s action `actionIndex`; `variables` is updated in place. */
export async function runFlow(
  start: IntentRow,
  actionIndex: number,
  variables: Variables,
  deps: FlowDeps,
): Promise<FlowOutcome> {
  const messages: OutgoingMessage[] = [];
  let intent: IntentRow | undefined = start;
  let index = actionIndex;
  let steps = 0;

  const jump = async (raw: unknown): Promise<IntentRow | undefined> => {
    const target = parseReference(raw);
    const found = target && (await deps.findIntent(target.reference));
    if (!found) deps.log.warn({ intent: raw }, 'flow: the block to continue with does not exist; flow stopped');
    if (found && target.parameters) Object.assign(variables, target.parameters);
    return found || undefined;
  };

  while (intent) {
    const actions = (Array.isArray(intent.actions) ? intent.actions : []) as Action[];
    if (index >= actions.length) break;
    if (++steps > MAX_STEPS) {
      deps.log.warn({ intentId: intent.id }, `flow: more than ${MAX_STEPS} actions in one turn; flow stopped`);
      break;
    }
    const action = actions[index++] ?? {};
    switch (action._tdActionType) {
      case 'reply':
        messages.push(replyMessage(action, intent, variables));
        break;
      case 'intent':
        intent = await jump(action.intentName);
        index = 0;
        break;
      case 'agent':
        messages.push({ text: '\\agent', attributes: { subtype: 'info' } });
        break;
      case 'close':
        messages.push({ text: '\\close', attributes: { subtype: 'info' } });
        intent = undefined;
        break;
      case 'wait': {
        const millis = typeof action.millis === 'number' ? action.millis : 500;
        const delayMs = Math.max(0, Math.min(millis, MAX_WAIT_MS));
        return { messages, resume: { intentId: intent.id, actionIndex: index, delayMs } };
      }
      case 'setattribute':
        setAttribute(action, variables, deps.log);
        break;
      case 'jsoncondition': {
        const result = evaluateGroups(action.groups, variables);
        if (result === null) {
          variables.flowError = 'An error occurred evaluating condition';
          deps.log.warn({ intentId: intent.id }, 'flow: condition not understood, taken as false');
        }
        const branch = result === true ? action.trueIntent : action.falseIntent;
        if (parseReference(branch)) {
          intent = await jump(branch);
          index = 0;
        }
        break;
      }
      case 'webrequest':
      case 'webrequestv2': {
        const branch = await runWebRequest(action as Action & { _tdActionType: string }, variables, deps.webRequest);
        if (branch) {
          intent = await jump(branch);
          index = 0;
        }
        break;
      }
      default:
        deps.log.warn({ action: action._tdActionType, intentId: intent.id }, 'flow: unsupported action skipped');
    }
  }
  return { messages };
}

function setAttribute(action: Action, variables: Variables, log: FastifyBaseLogger): void {
  const destination = typeof action.destination === 'string' ? action.destination.trim() : '';
  if (!destination) {
    log.warn('flow: setattribute without a destination skipped');
    return;
  }
  try {
    variables[destination] = evaluateOperation(action.operation, variables);
  } catch (error) {
    log.warn({ destination, err: error }, 'flow: setattribute not understood, skipped');
  }
}

interface Command {
  type?: unknown;
  time?: unknown;
  message?: {
    text?: unknown;
    type?: unknown;
    metadata?: Record<string, unknown>;
    attributes?: Record<string, unknown>;
  };
}

/**
 * A reply action as one message, as Tiledesk's flow engine sends it: the commands stay in
 * `attributes.commands` (filled); the text of its message commands, and the buttons, image or
 * frame of its last one, are set on the message too.
 */
function replyMessage(action: Action, intent: IntentRow, variables: Variables): OutgoingMessage {
  const attributes = (action.attributes && typeof action.attributes === 'object' ? action.attributes : {}) as Record<
    string,
    unknown
  >;
  const commands = (Array.isArray(attributes.commands) ? attributes.commands : []).map((command: Command) =>
    command?.type === 'message' && command.message
      ? { ...command, message: fillMessage(command.message, variables) }
      : command,
  );
  const said = commands.filter((c: Command) => c?.type === 'message' && c.message).map((c: Command) => c.message!);
  const texts = said.map((m) => m.text).filter((text): text is string => typeof text === 'string' && text !== '');
  const last = said[said.length - 1];
  const text =
    texts.length > 0
      ? texts.join('\n\n')
      : typeof action.text === 'string'
        ? fill(action.text, variables).trim()
        : undefined;
  const attachment = last?.attributes?.attachment;
  return {
    text,
    ...(said.length === 1 && typeof last?.type === 'string' && { type: last.type }),
    ...(said.length === 1 && last?.metadata && { metadata: last.metadata }),
    attributes: {
      ...attributes,
      commands,
      ...(attachment !== undefined && { attachment }),
      intentName: intent.intent_display_name,
    },
  };
}

function fillMessage(message: NonNullable<Command['message']>, variables: Variables) {
  const filled = { ...message };
  if (typeof message.text === 'string') filled.text = fill(message.text, variables).trim();
  if (message.metadata && typeof message.metadata.src === 'string') {
    filled.metadata = { ...message.metadata, src: fill(message.metadata.src, variables) };
  }
  const attachment = message.attributes?.attachment as { buttons?: unknown } | undefined;
  if (Array.isArray(attachment?.buttons)) {
    const buttons = attachment.buttons.map((button: Record<string, unknown>) => ({
      ...button,
      ...(typeof button?.value === 'string' && { value: fill(button.value, variables) }),
      ...(typeof button?.link === 'string' && { link: fill(button.link, variables) }),
    }));
    filled.attributes = { ...message.attributes, attachment: { ...attachment, buttons } };
  }
  return filled;
}
