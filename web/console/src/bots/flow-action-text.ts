/**
 * A flow bot's action (`_tdActionType` and its settings) as a sentence an admin can read: what
 * the bot says, where the flow goes next, what it waits for. Blocks named `#<intent_id>` are
 * shown by their display name. Actions the server's flow engine does not run are named as such.
 */
import { t } from '../i18n/i18n';

type Action = Record<string, unknown>;

export interface ActionLine {
  text: string;
  /** Further lines: a reply's messages and buttons. */
  details: string[];
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** Reads a block reference (`#<intent_id>`, a name, optionally with JSON parameters) as a block name. */
function blockName(reference: unknown, names: Map<string, string>): string {
  const raw = str(reference).trim();
  const bare = raw.replace(/\{.*$/s, '').trim().replace(/^#/, '');
  return names.get(bare) ?? (bare || t('bots.flow.nowhere'));
}

function replyDetails(action: Action): string[] {
  const attributes = (action.attributes ?? {}) as { commands?: unknown };
  const commands = Array.isArray(attributes.commands) ? (attributes.commands as Action[]) : [];
  const lines: string[] = [];
  for (const command of commands) {
    if (command.type === 'wait') {
      lines.push(t('bots.flow.pause', { seconds: (Number(command.time) || 0) / 1000 }));
      continue;
    }
    const message = (command.message ?? {}) as Action;
    const metadata = (message.metadata ?? {}) as Action;
    if (message.type === 'image') lines.push(t('bots.flow.image', { url: str(metadata.src) }));
    else if (message.type === 'frame') lines.push(t('bots.flow.frame', { url: str(metadata.src) }));
    if (str(message.text).trim()) lines.push(t('bots.flow.says', { text: str(message.text).trim() }));
    const attachment = ((message.attributes ?? {}) as Action).attachment as { buttons?: unknown } | undefined;
    const buttons = Array.isArray(attachment?.buttons) ? (attachment.buttons as Action[]) : [];
    for (const button of buttons) lines.push(t('bots.flow.button', { label: str(button.value) }));
  }
  if (lines.length === 0 && str(action.text).trim()) lines.push(t('bots.flow.says', { text: str(action.text).trim() }));
  return lines;
}

export function describeAction(action: Action, names: Map<string, string>): ActionLine {
  const type = str(action._tdActionType);
  const line = (text: string, details: string[] = []) => ({ text, details });
  switch (type) {
    case 'reply':
      return line(t('bots.flow.reply'), replyDetails(action));
    case 'intent':
      return line(t('bots.flow.goTo', { block: blockName(action.intentName, names) }));
    case 'agent':
      return line(t('bots.flow.agent'));
    case 'close':
      return line(t('bots.flow.close'));
    case 'wait':
      return line(t('bots.flow.wait', { seconds: (typeof action.millis === 'number' ? action.millis : 500) / 1000 }));
    case 'setattribute':
      return line(t('bots.flow.set', { name: str(action.destination) || '?' }));
    case 'jsoncondition':
      return line(
        t('bots.flow.condition', {
          yes: blockName(action.trueIntent, names),
          no: blockName(action.falseIntent, names),
        }),
      );
    case 'webrequest':
    case 'webrequestv2':
      return line(t('bots.flow.webRequest', { method: str(action.method) || 'GET', url: str(action.url) }));
    case 'web_response':
      return line(t('bots.flow.webResponse', { status: Number(action.status) || 200 }));
    default:
      return line(t('bots.flow.unsupported', { type: type || '?' }));
  }
}
