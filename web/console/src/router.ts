/**
 * Screens by the URL's fragment (the server serves one page at /console/): `#/` the projects,
 * `#/<project id>/<section>/<rest...>` a screen of a project (`#/p1/inbox/<request id>` a
 * conversation in the inbox). The current route is a signal.
 */
import { signal } from '@preact/signals';

export const SECTIONS = ['inbox', 'contacts', 'bots', 'canned', 'team', 'settings', 'webhooks', 'analytics'] as const;
export type Section = (typeof SECTIONS)[number];

export type Route =
  | { screen: 'projects' }
  | { screen: Section; projectId: string; /** What follows the section, decoded. */ rest: string[] };

function isSection(value: string | undefined): value is Section {
  return (SECTIONS as readonly string[]).includes(value ?? '');
}

function parseRoute(hash: string): Route {
  const [projectId, screen, ...rest] = hash
    .replace(/^#\/?/, '')
    .split('/')
    .map((part) => decodeURIComponent(part));
  if (projectId && isSection(screen)) return { screen, projectId, rest: rest.filter(Boolean) };
  if (projectId) return { screen: 'inbox', projectId, rest: [] };
  return { screen: 'projects' };
}

function hrefOf(route: Route): string {
  if (route.screen === 'projects') return '#/';
  return `#/${[route.projectId, route.screen, ...route.rest].map(encodeURIComponent).join('/')}`;
}

/** The href of a project's screen: `projectHref(p, 'inbox', requestId)`. */
export function projectHref(projectId: string, screen: Section, ...rest: string[]): string {
  return hrefOf({ screen, projectId, rest });
}

export function navigate(href: string): void {
  location.hash = href;
}

export const route = signal<Route>(parseRoute(location.hash));
window.addEventListener('hashchange', () => (route.value = parseRoute(location.hash)));
