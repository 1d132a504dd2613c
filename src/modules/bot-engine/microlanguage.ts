/**
 * Tiledesk's answer microlanguage (what `@tiledesk/tiledesk-chatbot-util` parseReply reads): an
 * intent's `answer` is text whose special lines become parts of the message.
 *
 * - `* label` is a button (a space after the star is required): a text button, or
 *   `label https://...` a link opened in a new window, `label < https://...` in the parent page,
 *   `label > https://...` in the widget itself; `label tdAction:name` an action button (no echo),
 *   `tdActionShowEcho:name` and `tdIntent:name` action buttons whose click is echoed,
 *   `tdIntentNoEcho:name` one whose click is not. `tdIntent:` takes the rest of the line, so a
 *   block can be named with parameters (`tdIntent:quiz{"points": 10}`).
 * - `tdImage:url`, `tdFrame:url`, `tdVideo:url` (optionally `tdImage,w200 h100:url`) make an image
 *   or a frame message; YouTube watch links become embeds; `\image:[W-H:]url` is the older image.
 * - `\webhook` asks for webhook fulfilment, `\webhook:url` at that URL.
 */

export interface Button {
  type: 'text' | 'url' | 'action';
  value: string;
  link?: string;
  target?: 'blank' | 'parent' | 'self';
  action?: string;
  show_echo?: boolean;
}

export interface ParsedAnswer {
  text: string;
  /** text, image or frame (a webhook's answer may name another message type). */
  type: string;
  metadata?: Record<string, unknown>;
  buttons?: Button[];
  /** Fulfilment asked by the answer: at the bot's webhook_url (true) or at this URL. */
  webhook?: string | true;
}

const BUTTON_LINES = /^\*[ \t]+.*$/gm;

const MEDIA_TAGS = [
  { tag: 'tdImage', type: 'image' },
  { tag: 'tdFrame', type: 'frame' },
  { tag: 'tdVideo', type: 'frame', video: true },
] as const;

export function parseAnswer(source: string): ParsedAnswer {
  const parsed: ParsedAnswer = { text: source, type: 'text' };
  let text = source;
  const take = (line: string) => {
    text = text.replace(line, '').trim();
    parsed.text = text;
  };

  // In the patterns below a group without `?` always participates once the pattern matched (the `!`s).
  const legacy = /^\\image:(.*)$/m.exec(text);
  if (legacy) {
    take(legacy[0]);
    const sized = /^(\d+)-(\d+):(.*)$/.exec(legacy[1]!);
    parsed.type = 'image';
    parsed.metadata = sized
      ? { src: sized[3]!.trim(), width: Number(sized[1]), height: Number(sized[2]) }
      : { src: legacy[1]!.trim(), width: 200, height: 200 };
  }

  for (const media of MEDIA_TAGS) {
    const match = new RegExp(`^(${media.tag}[^:\\n]*):(https?:.*)$`, 'm').exec(text);
    if (!match) continue;
    take(match[0]);
    const url = match[2]!.trim();
    const src = 'video' in media ? youtubeEmbed(url) : url;
    parsed.type = media.type;
    parsed.metadata = { src, ...('video' in media && { type: 'video' }), ...sizeOf(match[1]!) };
  }

  const buttonLines = text.match(BUTTON_LINES);
  if (buttonLines) {
    text = text.replace(BUTTON_LINES, '').trim();
    parsed.text = text;
    parsed.buttons = buttonLines.map((line) => parseButton(line.replace(/^\*/, '').trim()));
  }

  const webhookAt = /^\\webhook:(.*)$/m.exec(text);
  if (webhookAt) {
    take(webhookAt[0]);
    parsed.webhook = webhookAt[1]!.trim();
  }
  const webhookOn = /^\\webhook/m.exec(text);
  if (webhookOn) {
    take(webhookOn[0]);
    parsed.webhook = true;
  }
  return parsed;
}

/** The message attributes a parsed answer carries (its buttons). */
export function attachmentOf(parsed: ParsedAnswer): Record<string, unknown> {
  return parsed.buttons ? { attachment: { type: 'template', buttons: parsed.buttons } } : {};
}

function parseButton(label: string): Button {
  const action = /(tdAction:)(\S+)/.exec(label);
  if (action) return actionButton(label, action, false);
  const echoed = /(tdActionShowEcho:)(\S+)/.exec(label) ?? /(tdIntent:)(.+)/.exec(label);
  if (echoed) return actionButton(label, echoed, true);
  const silent = /(tdIntentNoEcho:)(\S+)/.exec(label);
  if (silent) return actionButton(label, silent, false);
  const links: Array<[RegExp, Button['target']]> = [
    [/\s<\s(https?:\/\/\S*)/, 'parent'],
    [/\s>\s(https?:\/\/\S*)/, 'self'],
    [/\s(https?:\/\/\S*)/, 'blank'],
  ];
  for (const [pattern, target] of links) {
    const link = pattern.exec(label);
    if (link) return { type: 'url', value: label.replace(link[0], '').trim(), link: link[1], target };
  }
  return { type: 'text', value: label };
}

/** `match` is of a pattern whose second group always participates. */
function actionButton(label: string, match: RegExpExecArray, echo: boolean): Button {
  return { type: 'action', value: label.replace(match[0], '').trim(), action: match[2]!.trim(), show_echo: echo };
}

/** `tdImage,w200 h100` -> {width: 200, height: 100}; either may be absent. */
function sizeOf(tag: string): { width?: number; height?: number } {
  const size = /,\s*(w\d+)?\s*(h\d+)?/.exec(tag);
  return {
    ...(size?.[1] && { width: Number(size[1].slice(1)) }),
    ...(size?.[2] && { height: Number(size[2].slice(1)) }),
  };
}

function youtubeEmbed(url: string): string {
  if (!url.startsWith('https://www.youtube.com/watch?')) return url;
  const id = new URL(url).searchParams.get('v');
  return id ? `https://www.youtube.com/embed/${id}` : url;
}
