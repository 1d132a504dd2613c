/**
 * Screens by the URL's fragment (the server serves one page at /console/): `#/` the projects,
 * `#/<project id>/analytics` a project's analytics. The current route is a signal.
 */
import { signal } from '@preact/signals';

export type Route = { screen: 'projects' } | { screen: 'analytics'; projectId: string };

function parseRoute(hash: string): Route {
  const [projectId, screen] = hash.replace(/^#\/?/, '').split('/');
  if (projectId && screen === 'analytics') return { screen: 'analytics', projectId: decodeURIComponent(projectId) };
  return { screen: 'projects' };
}

export function hrefOf(route: Route): string {
  return route.screen === 'analytics' ? `#/${encodeURIComponent(route.projectId)}/analytics` : '#/';
}

export const route = signal<Route>(parseRoute(location.hash));
window.addEventListener('hashchange', () => (route.value = parseRoute(location.hash)));
