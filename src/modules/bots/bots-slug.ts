/**
 * Bot slugs: a readable, per-project unique handle derived from the name. A new bot whose slug
 * is taken gets the next free `-N` suffix ("my-bot", "my-bot-1", "my-bot-2"); renaming a bot to
 * a taken slug is refused (Tiledesk's error 12001). Callers hold the project's slug lock.
 */
import { errors } from '../../platform/errors.js';
import type { BotsRepo } from './bots.repo.js';

const MAX_LENGTH = 100;

/** "Crème Brûlée Bot_2!" -> "creme-brulee-bot-2". */
function slugify(text: string): string {
  const slug = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .slice(0, MAX_LENGTH)
    .replace(/^-|-$/g, '');
  return slug || 'chatbot';
}

export function createSlugs(repo: BotsRepo) {
  return { allocateSlug, claimSlug };

  /** `wanted` itself when free, else `wanted-<highest N + 1>`. */
  async function allocateSlug(projectId: string, wanted: string): Promise<string> {
    const base = slugify(wanted);
    const taken = await repo.findSlugsLike(projectId, base);
    if (!taken.includes(base)) return base;
    const suffix = new RegExp(`^${base}-(\\d+)$`);
    const highest = taken.reduce((max, slug) => Math.max(max, Number(suffix.exec(slug)?.[1] ?? 0)), 0);
    return `${base}-${highest + 1}`;
  }

  /** The slug a bot is renamed to, refused when another bot of the project has it. */
  async function claimSlug(projectId: string, botId: string, wanted: string): Promise<string> {
    const slug = slugify(wanted);
    const taken = await repo.findSlugsLike(projectId, slug, botId);
    if (taken.includes(slug)) throw errors.duplicateSlug(slug);
    return slug;
  }
}
