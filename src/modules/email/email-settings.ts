/**
 * What a project's settings say about email, under Tiledesk's keys (`project.settings.email`):
 * its own SMTP server (`config: {host, port, secure, user, pass}`) and sender (`from`), template
 * overrides (`templates.<kind>`), the notification switches (`notification.conversation.*`) and
 * the transcript on close (`autoSendTranscriptToRequester`). Parley adds `language`, the language
 * of the project's visitors' emails when nothing better is known.
 * Settings are free-form JSON a client wrote: every value is checked for its type here.
 */
import type { SmtpSettings } from '../../config.js';
import type { ProjectRow, ProjectUserRow } from '../../platform/db/tables.js';
import type { EmailKind, TemplateOverride } from './email-kinds.js';

type Json = Record<string, unknown>;

function objectAt(value: unknown, ...path: string[]): Json | undefined {
  let current = value;
  for (const key of path) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Json)[key];
  }
  return current && typeof current === 'object' && !Array.isArray(current) ? (current as Json) : undefined;
}

function emailSettings(project: Pick<ProjectRow, 'settings'>): Json {
  return objectAt(project.settings, 'email') ?? {};
}

/** The project's own SMTP server, when its settings name a host. */
export function projectSmtp(project: Pick<ProjectRow, 'settings'>): SmtpSettings | undefined {
  const config = objectAt(emailSettings(project), 'config');
  if (!config || typeof config.host !== 'string' || config.host.trim() === '') return undefined;
  const secure = config.secure === true || config.secure === 'true';
  const port = Number(config.port);
  return {
    host: config.host.trim(),
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : secure ? 465 : 587,
    secure,
    ...(typeof config.user === 'string' && config.user !== '' && { user: config.user }),
    ...(typeof config.pass === 'string' && config.pass !== '' && { password: config.pass }),
  };
}

export function projectFrom(project: Pick<ProjectRow, 'settings'>): string | undefined {
  const from = emailSettings(project).from;
  return typeof from === 'string' && from.trim() !== '' ? from.trim() : undefined;
}

export function projectLanguage(project: Pick<ProjectRow, 'settings'>): string | undefined {
  const language = emailSettings(project).language;
  return typeof language === 'string' ? language : undefined;
}

export function templateOverride(project: Pick<ProjectRow, 'settings'>, kind: EmailKind): TemplateOverride | undefined {
  const override = objectAt(emailSettings(project), 'templates')?.[kind];
  if (typeof override === 'string' && override.trim() !== '') return override;
  if (!override || typeof override !== 'object' || Array.isArray(override)) return undefined;
  const parts = override as Json;
  const picked = Object.fromEntries(
    (['subject', 'html', 'text'] as const).filter((part) => typeof parts[part] === 'string').map((p) => [p, parts[p]]),
  );
  return Object.keys(picked).length > 0 ? picked : undefined;
}

/** `settings.email.autoSendTranscriptToRequester`: the visitor gets the transcript when the conversation closes. */
export function sendsTranscriptOnClose(project: Pick<ProjectRow, 'settings'>): boolean {
  return emailSettings(project).autoSendTranscriptToRequester === true;
}

/**
 * The project's switches, Tiledesk's `settings.email.notification.conversation`: `blocked` stops
 * every agent notification, `assigned` / `pooled` false stop one kind, `offline.enabled` false or
 * `offline.blocked` stop the visitors' offline emails.
 */
export function projectNotifies(
  project: Pick<ProjectRow, 'settings'>,
  kind: 'assigned' | 'pooled' | 'follower' | 'offline',
): boolean {
  const conversation = objectAt(emailSettings(project), 'notification', 'conversation') ?? {};
  if (kind === 'offline') {
    const offline = objectAt(conversation, 'offline') ?? {};
    return offline.enabled !== false && offline.blocked !== true;
  }
  if (conversation.blocked === true) return false;
  if (kind === 'follower') return objectAt(conversation, 'ticket')?.follower !== false;
  return conversation[kind] !== false;
}

/**
 * An agent's own opt-outs, Tiledesk's `project_user.settings.email.notification.conversation`:
 * `assigned.toyou` false, `pooled` false, `ticket.follower` false.
 */
export function memberWantsEmail(member: Pick<ProjectUserRow, 'settings'>, kind: 'assigned' | 'pooled' | 'follower') {
  const conversation = objectAt(member.settings, 'email', 'notification', 'conversation') ?? {};
  if (kind === 'assigned') return objectAt(conversation, 'assigned')?.toyou !== false;
  if (kind === 'pooled') return conversation.pooled !== false;
  return objectAt(conversation, 'ticket')?.follower !== false;
}
