/**
 * The old agent dashboard's address (`/dashboard/`, now a page that sends its links on to the
 * console), the visitor widget (`/widget/`), the account pages that emails link to (`/account/`:
 * verify an address, reset a password, sign up to accept an invitation) and the outbox viewer
 * (`/dev/mail/`), with the modules they share (`/shared/`): plain files served as they are (see
 * web/README.md). The console (`/console/`) and the visitor chat (`/widget/`), TypeScript and
 * Preact, are served from their builds, web/console/dist/ and web/widget/dist/, which `npm start`
 * and `npm test` make.
 *
 * Served with security headers (helmet): a Content-Security-Policy that admits only the pages' own
 * scripts, styles and connections (they have no inline code), nosniff, no referrer. Agents' pages
 * may not be framed by any page (clickjacking of an agent's session); the widget is meant to be
 * framed by customers' sites, any of them, so its frame-ancestors is `*`. No HSTS: TLS and its
 * policy belong to the proxy in front of Parley, which may also serve other hosts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { allowStatuses } from '../../platform/http/declared-statuses.js';
import { packageRoot } from '../../package-root.js';

type Folder = 'dashboard' | 'widget' | 'account' | 'mail' | 'console' | 'shared';

/** Where each folder is served. */
const PREFIXES: Record<Folder, string> = {
  dashboard: '/dashboard',
  widget: '/widget',
  account: '/account',
  mail: '/dev/mail',
  console: '/console',
  shared: '/shared',
};

/** The folder under web/ that each is served from: the console's build output, the others as they are. */
const SOURCES: Record<Folder, string> = {
  dashboard: 'dashboard',
  widget: 'widget/dist',
  account: 'account',
  mail: 'mail',
  console: 'console/dist',
  shared: 'shared',
};

const PAGES: Folder[] = ['dashboard', 'widget', 'account', 'mail', 'console'];

/** The console's and the chat's bundles are named after their content: a browser may keep them for good. */
function cacheForever(folder: Folder) {
  return (reply: FastifyReply, filePath: string) => {
    if ((folder === 'console' || folder === 'widget') && filePath.includes(`${path.sep}assets${path.sep}`)) {
      reply.header('cache-control', 'public, max-age=31536000, immutable');
    }
  };
}

function headersFor(folder: Folder): FastifyHelmetOptions {
  const framable = folder === 'widget';
  return {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        // The outbox viewer shows emails, whose HTML styles itself inline, in a sandboxed frame
        // (no scripts run there; the frame's document inherits this policy).
        'style-src': folder === 'mail' ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        'connect-src': ["'self'"],
        'frame-ancestors': framable ? ['*'] : ["'none'"],
        // Parley is often reached over plain HTTP (development, a private network).
        'upgrade-insecure-requests': null,
      },
    },
    frameguard: framable ? false : { action: 'deny' },
    // A framed widget must load inside sites that isolate themselves (COEP).
    crossOriginResourcePolicy: { policy: framable ? 'cross-origin' : 'same-origin' },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
  };
}

/**
 * The embed script customers put on their sites (built from web/widget/launcher/ by
 * scripts/build-web.mjs): any origin loads it. Read on first use, so a server started without
 * the web build (some tests) still starts, and says what is missing when asked for it.
 */
function embedScriptRoute(): FastifyPluginAsync {
  return async (scope) => {
    allowStatuses(scope, [200, 503]);
    const file = fileURLToPath(new URL('web/widget/launcher/dist/widget.js', packageRoot));
    let script: Buffer | undefined;
    scope.get('/widget.js', { schema: { hide: true } }, async (request, reply) => {
      script ??= await readFile(file).catch(() => undefined);
      if (!script) {
        return reply
          .code(503)
          .send({ success: false, msg: 'The widget is not built: run node scripts/build-web.mjs.' });
      }
      return reply
        .type('application/javascript; charset=utf-8')
        .header('x-content-type-options', 'nosniff')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('cache-control', 'public, max-age=300')
        .send(script);
    });
  };
}

export function webRoutes(): FastifyPluginAsync {
  return async (app) => {
    await app.register(embedScriptRoute());
    for (const folder of [...PAGES, 'shared' as const]) {
      const prefix = PREFIXES[folder];
      const root = fileURLToPath(new URL(`web/${SOURCES[folder]}/`, packageRoot));
      await app.register(async (scope) => {
        // Files as @fastify/static serves them (ranges, conditional requests), and the page's redirect.
        allowStatuses(scope, [200, 206, 302, 304, 403, 404, 412, 416, 422, 500]);
        await scope.register(helmet, headersFor(folder));
        await scope.register(fastifyStatic, {
          root,
          prefix: `${prefix}/`,
          index: false,
          setHeaders: cacheForever(folder),
        });
        if (!PAGES.includes(folder)) return;
        // The router ignores trailing slashes, so "/dashboard" and "/dashboard/" both arrive here;
        // the page's relative links need the slash.
        scope.get(prefix, { schema: { hide: true } }, (request, reply) => {
          const url = new URL(request.url, 'http://localhost');
          if (!url.pathname.endsWith('/')) return reply.redirect(`${url.pathname}/${url.search}`);
          return reply.sendFile('index.html', root);
        });
      });
    }
  };
}
