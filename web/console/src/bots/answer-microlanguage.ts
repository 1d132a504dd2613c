/**
 * Reads an intent's answer as the server's bot engine does (src/modules/bot-engine/microlanguage.ts
 * and faq-engine.ts), for the editor's live preview only: the server stays the one that answers.
 *
 * - `* label` lines are buttons: a text button, `label https://...` a link (`< url` in the parent
 *   page, `> url` in the widget), `label tdAction:name` (or `tdActionShowEcho:`, `tdIntent:`,
 *   `tdIntentNoEcho:`) an action button that runs another intent;
 * - `tdImage:url`, `tdFrame:url`, `tdVideo:url` (`tdImage,w200 h100:url` sized) and the older
 *   `\image:[W-H:]url` make the message an image or a frame;
 * - `\webhook` / `\webhook:url` ask the bot's webhook for the answer;
 * - `\agent` hands the conversation to a human and `\close` closes it (sent before the rest).
 */

export interface AnswerButton {
  kind: 'text' | 'link' | 'action';
  label: string;
  /** A link's address. */
  link?: string;
  target?: 'blank' | 'parent' | 'self';
  /** The intent an action button runs. */
  action?: string;
}

export interface AnswerMedia {
  kind: 'image' | 'frame';
  src: string;
  video?: boolean;
  width?: number;
  height?: number;
}

export interface ParsedAnswer {
  text: string;
  media?: AnswerMedia;
  buttons: AnswerButton[];
  /** `true`: the bot's webhook; a string: that address. */
  webhook?: string | true;
  command?: 'agent' | 'close';
}

const BUTTON_LINES = /^\*[ \t]+.*$/gm;

const MEDIA_TAGS = [
  { tag: 'tdImage', kind: 'image', video: false },
  { tag: 'tdFrame', kind: 'frame', video: false },
  { tag: 'tdVideo', kind: 'frame', video: true },
] as const;

export function parseAnswer(source: string): ParsedAnswer {
  const parsed: ParsedAnswer = { text: source, buttons: [] };
  let text = source;
  const take = (line: string) => {
    text = text.replace(line, '').trim();
  };

  const legacy = /^\\image:(.*)$/m.exec(text);
  if (legacy) {
    take(legacy[0]);
    const rest = legacy[1] ?? '';
    const sized = /^(\d+)-(\d+):(.*)$/.exec(rest);
    parsed.media = sized
      ? { kind: 'image', src: (sized[3] ?? '').trim(), width: Number(sized[1]), height: Number(sized[2]) }
      : { kind: 'image', src: rest.trim(), width: 200, height: 200 };
  }

  // As the server: each tag is looked for in turn and the last one found wins.
  for (const media of MEDIA_TAGS) {
    const match = new RegExp(`^(${media.tag}[^:\\n]*):(https?:.*)$`, 'm').exec(text);
    if (!match) continue;
    take(match[0]);
    const url = (match[2] ?? '').trim();
    parsed.media = {
      kind: media.kind,
      src: media.video ? youtubeEmbed(url) : url,
      ...(media.video && { video: true }),
      ...sizeOf(match[1] ?? ''),
    };
  }

  const buttonLines = text.match(BUTTON_LINES);
  if (buttonLines) {
    text = text.replace(BUTTON_LINES, '').trim();
    parsed.buttons = buttonLines.map((line) => parseButton(line.replace(/^\*/, '').trim()));
  }

  const webhookAt = /^\\webhook:(.*)$/m.exec(text);
  if (webhookAt) {
    take(webhookAt[0]);
    parsed.webhook = (webhookAt[1] ?? '').trim();
  }
  const webhookOn = /^\\webhook/m.exec(text);
  if (webhookOn) {
    take(webhookOn[0]);
    parsed.webhook = true;
  }

  // `\close` wins over `\agent`; only the first occurrence is a command.
  const command = (['close', 'agent'] as const).find((name) => text.includes(`\\${name}`));
  if (command) {
    text = text.replace(`\\${command}`, '').trim();
    parsed.command = command;
  }
  parsed.text = text;
  return parsed;
}

function parseButton(label: string): AnswerButton {
  const action =
    /(tdAction:)(\S+)/.exec(label) ??
    /(tdActionShowEcho:)(\S+)/.exec(label) ??
    /(tdIntent:)(.+)/.exec(label) ??
    /(tdIntentNoEcho:)(\S+)/.exec(label);
  if (action) return { kind: 'action', label: label.replace(action[0], '').trim(), action: (action[2] ?? '').trim() };
  const links: Array<[RegExp, AnswerButton['target']]> = [
    [/\s<\s(https?:\/\/\S*)/, 'parent'],
    [/\s>\s(https?:\/\/\S*)/, 'self'],
    [/\s(https?:\/\/\S*)/, 'blank'],
  ];
  for (const [pattern, target] of links) {
    const link = pattern.exec(label);
    if (link) return { kind: 'link', label: label.replace(link[0], '').trim(), link: link[1], target };
  }
  return { kind: 'text', label };
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
  try {
    const id = new URL(url).searchParams.get('v');
    return id ? `https://www.youtube.com/embed/${id}` : url;
  } catch {
    return url;
  }
}
