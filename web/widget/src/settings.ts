/**
 * The project as the chat shows it (`GET /:project_id/widgets`, `GET /projects/:id/isopen`, the
 * project's labels): its look (Tiledesk's `project.widget` keys: themeColor, logoChat,
 * wellcomeTitle, wellcomeMsg, align, preChatForm), whether anyone is there to answer, and the
 * departments a visitor may pick.
 */
import { effect, signal } from '@preact/signals';
import { api, unwrap } from './api';
import { postAppearance } from './embed';
import { language, projectLabels } from './i18n/i18n';
import type { MessageKey } from './i18n/en';
import { projectId } from './project';

export interface Department {
  id: string;
  name: string;
}

export interface WidgetSettings {
  projectName: string;
  color?: string;
  logo?: string;
  title?: string;
  greeting?: string;
  position: 'left' | 'right';
  preChatForm: boolean;
  /** Closed by its office hours, or nobody (no agent, no bot) to answer now. */
  offline: boolean;
  /** The departments a visitor chooses from (none when there is only one). */
  departments: Department[];
}

export const settings = signal<WidgetSettings | undefined>(undefined);
export const settingsError = signal<string | undefined>(undefined);

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** A colour the browser understands (anything else is ignored, not injected). */
function colour(value: unknown): string | undefined {
  const given = text(value);
  return given && CSS.supports('color', given) ? given : undefined;
}

function httpUrl(value: unknown): string | undefined {
  const given = text(value);
  if (!given) return undefined;
  try {
    const url = new URL(given, location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export async function loadSettings(): Promise<void> {
  if (!projectId) return;
  try {
    const path = { project_id: projectId };
    const [bundle, open] = await Promise.all([
      api.GET('/{project_id}/widgets', { params: { path } }).then(unwrap),
      api.GET('/projects/{project_id}/isopen', { params: { path } }).then(unwrap),
    ]);
    const widget = bundle.project.widget ?? {};
    const visible = bundle.departments.filter((department) => department.status !== 0);
    const choosable = visible.filter((department) => !department.default);
    const someoneAnswers = bundle.user_available.length > 0 || visible.some((department) => department.hasBot);
    settings.value = {
      projectName: bundle.project.name,
      color: colour(widget.themeColor),
      logo: httpUrl(widget.logoChat),
      title: text(widget.wellcomeTitle),
      greeting: text(widget.wellcomeMsg),
      position: widget.align === 'left' ? 'left' : 'right',
      preChatForm: widget.preChatForm === true,
      offline: !open.isopen || !someoneAnswers,
      departments: choosable.length > 1 ? choosable.map(({ id, name }) => ({ id, name })) : [],
    };
  } catch (error) {
    settingsError.value = error instanceof Error ? error.message : String(error);
  }
}

/** The project's own labels for the language (Tiledesk's keys), where it wrote some. */
const LABEL_KEYS: Record<string, MessageKey> = {
  LABEL_PLACEHOLDER: 'composer.placeholder',
  WELCOME_TITLE: 'home.title',
  WELCOME_MSG: 'home.greeting',
  LABEL_START_NW_CONV: 'home.newConversation',
};

async function loadLabels(lang: string): Promise<void> {
  if (!projectId) return;
  const result = await api.GET('/{project_id}/labels/{lang}', {
    params: { path: { project_id: projectId, lang } },
  });
  const entry = result.data;
  // A stock language (no `_id`) speaks of Tiledesk: the chat's own catalogue says it better.
  if (!entry?._id || entry.lang.toLowerCase() !== lang) {
    projectLabels.value = {};
    return;
  }
  const labels: Partial<Record<MessageKey, string>> = {};
  for (const [label, key] of Object.entries(LABEL_KEYS)) {
    const value = text(entry.data[label]);
    if (value) labels[key] = value;
  }
  projectLabels.value = labels;
}

export function applySettings(): void {
  effect(() => {
    void loadLabels(language.value).catch(() => (projectLabels.value = {}));
  });
  effect(() => {
    const current = settings.value;
    if (!current) return;
    const root = document.documentElement;
    if (current.color) {
      // Set through the CSSOM, which the page's style-src 'self' allows (a style attribute it would not).
      root.style.setProperty('--brand', current.color);
      root.style.setProperty('--on-brand', readableOn(current.color));
    }
    postAppearance({
      ...(current.color && { color: current.color }),
      position: current.position,
      ...(current.title && { label: current.title }),
    });
  });
  effect(() => {
    document.documentElement.lang = language.value;
  });
}

/** Black or white, whichever reads better on `background` (WCAG relative luminance). */
function readableOn(background: string): string {
  const probe = document.createElement('canvas').getContext('2d');
  if (!probe) return '#fff';
  probe.fillStyle = background;
  const hex = /^#([0-9a-f]{6})$/i.exec(probe.fillStyle)?.[1];
  if (!hex) return '#fff';
  const [r, g, b] = [0, 2, 4].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.179 ? '#000' : '#fff';
}
