/**
 * The agent dashboard (`/dashboard/`) and the visitor widget (`/widget/`), with the modules they
 * share (`/shared/`): plain files served as they are, nothing to build (see web/README.md).
 */
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';

const PAGES = ['dashboard', 'widget'];

export function webRoutes(): FastifyPluginAsync {
  return async (app) => {
    for (const [index, folder] of [...PAGES, 'shared'].entries()) {
      const root = fileURLToPath(new URL(`../../../web/${folder}/`, import.meta.url));
      await app.register(fastifyStatic, { root, prefix: `/${folder}/`, index: false, decorateReply: index === 0 });
      if (!PAGES.includes(folder)) continue;
      // The router ignores trailing slashes, so "/dashboard" and "/dashboard/" both arrive here;
      // the page's relative links need the slash.
      app.get(`/${folder}`, { schema: { hide: true } }, (request, reply) => {
        const url = new URL(request.url, 'http://localhost');
        if (!url.pathname.endsWith('/')) return reply.redirect(`${url.pathname}/${url.search}`);
        return reply.sendFile('index.html', root);
      });
    }
  };
}
