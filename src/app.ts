/**
 * buildApp: the HTTP application over an open database. Registers every module explicitly, in
 * one place, so the tree of routes can be read here. `server.ts` runs it; tests build it too.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.js';
import type { AppContext } from './app-context.js';
import type { DatabaseHandle } from './platform/db/database.js';
import { countOtherServers } from './platform/db/server-instances.js';
import { createUnitOfWork } from './platform/db/unit-of-work.js';
import type { Platform } from './platform/context.js';
import { createEventBus } from './platform/events/event-bus.js';
import { actAs } from './platform/events/actor.js';
import { createJobQueue, type JobQueueOptions } from './platform/jobs/job-queue.js';
import { createAuthenticator } from './platform/auth/authenticate.js';
import { createSignInThrottle } from './platform/auth/sign-in-throttle.js';
import { createGuards, projectOf } from './platform/auth/guards.js';
import { resolveJwtSecret } from './platform/auth/jwt-secret.js';
import { registerErrorHandling } from './platform/http/error-handler.js';
import { acceptTiledeskInput } from './platform/http/lenient-input.js';
import { registerErrorSchemas } from './platform/http/error-responses.js';
import { allowStatuses, checkDeclaredStatuses, type UndeclaredStatus } from './platform/http/declared-statuses.js';
import { acceptEmptyJsonBodies } from './platform/http/json-body.js';
import { refuseCrossSiteBodies } from './platform/http/body-types.js';
import { rejectUnstorableText } from './platform/http/input-text.js';
import { refuseBannedUsers, resolveProjectOnRequest } from './platform/http/project-scope.js';
import { capFreeObjects } from './platform/http/schemas.js';
import { createRateLimits, limitRoute } from './platform/http/rate-limits.js';
import { createServices } from './services.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { authRoutes, keysRoutes } from './modules/auth/auth.routes.js';
import { jwtRoutes } from './modules/auth/auth-jwt.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { projectsRoutes } from './modules/projects/projects.routes.js';
import { projectUsersRoutes, pendingInvitationsRoutes } from './modules/project-users/project-users.routes.js';
import { departmentsRoutes } from './modules/departments/departments.routes.js';
import { groupsRoutes } from './modules/groups/groups.routes.js';
import { leadsRoutes } from './modules/leads/leads.routes.js';
import { tagsRoutes } from './modules/tags/tags.routes.js';
import { cannedRoutes } from './modules/canned/canned.routes.js';
import { triggersRoutes } from './modules/triggers/triggers.routes.js';
import { filesRoutes, publicFilesRoutes } from './modules/files/files.routes.js';
import { eventsRoutes } from './modules/events/events.routes.js';
import { widgetsRoutes } from './modules/widgets/widgets.routes.js';
import { widgetsLoaderRoutes } from './modules/widgets/widgets-loader.routes.js';
import { labelsRoutes } from './modules/labels/labels.routes.js';
import { urlPreviewRoutes } from './modules/url-preview/url-preview.routes.js';
import { botsRoutes } from './modules/bots/bots.routes.js';
import { intentsRoutes, publicIntentsRoutes } from './modules/intents/intents.routes.js';
import { subscriptionsRoutes } from './modules/subscriptions/subscriptions.routes.js';
import { requestsRoutes } from './modules/conversations/requests.routes.js';
import { limitNewConversations } from './modules/conversations/requests-limits.js';
import { messagesRoutes } from './modules/conversations/messages.routes.js';
import { directMessagesRoutes } from './modules/conversations/messages-direct.routes.js';
import { publicMessagesRoutes } from './modules/conversations/messages-public.routes.js';
import { botEngineRoutes } from './modules/bot-engine/bot-engine.routes.js';
import { attachRealtime } from './modules/realtime/realtime.server.js';
import { webRoutes } from './modules/web/web.routes.js';
import { emailRoutes, requestEmailRoutes } from './modules/email/email.routes.js';
import { createPresence } from './platform/presence.js';
import { analyticsRoutes } from './modules/analytics/analytics.routes.js';
import { publicAnalyticsRoutes } from './modules/analytics/public-analytics.routes.js';
import { activitiesRoutes } from './modules/activities/activities.routes.js';
import { createLogger } from './platform/logging.js';
import type { Logger } from 'pino';
import { lazyCompilersFactory } from './platform/http/lazy-schemas.js';
import { packageRoot } from './package-root.js';

const HOUSEKEEPING_INTERVAL_MS = 3_600_000;
const COUNTS_COMPACTION_INTERVAL_MS = 60_000;
const PEER_CHECK_INTERVAL_MS = 60_000;

const VERSION: string = JSON.parse(readFileSync(new URL('package.json', packageRoot), 'utf8')).version;

export interface BuildAppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Overrides for the job worker (tests use short backoffs). */
  jobs?: JobQueueOptions;
  /** Start the background job worker (default true). */
  startWorkers?: boolean;
  /**
   * Tests: called for every response whose status its route did not declare (which then becomes
   * a 500), and the start fails for routes that omit what they can answer (declared-statuses.ts).
   */
  onUndeclaredStatus?: (violation: UndeclaredStatus) => void;
  /** The process's logger, when it logged before the app existed (server.ts); else one is made. */
  logger?: Logger;
}

export interface ParleyApp {
  app: FastifyInstance;
  context: AppContext;
}

export async function buildApp(options: BuildAppOptions): Promise<ParleyApp> {
  const { config, database } = options;
  const app = Fastify({
    // Typed as Fastify's own logger type, or every route's type would carry pino's.
    loggerInstance: (options.logger ?? (await createLogger(config))) as FastifyBaseLogger,
    bodyLimit: config.bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    requestTimeout: 120_000,
    // Compiling every route's schemas takes a few seconds, and several times that on a machine
    // whose cores are busy (CI runs two test passes at once): Fastify's 10 s default then fails
    // the start with "Plugin did not start in time". A start that is slow is not broken.
    pluginTimeout: 120_000,
    trustProxy: config.trustProxy,
    // Tiledesk's hosted API lives under /v3: accept that prefix so its documented URLs work as-is.
    rewriteUrl: (request) => (request.url?.startsWith('/v3/') ? request.url.slice(3) : (request.url ?? '/')),
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 500 },
    // Each route's validators and serializers are compiled when first used (lazy-schemas.ts).
    schemaController: { compilersFactory: lazyCompilersFactory() },
    ajv: {
      customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: true, useDefaults: true },
      plugins: [capFreeObjects(config.attributesMaxBytes)],
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (options.onUndeclaredStatus) checkDeclaredStatuses(app, options.onUndeclaredStatus);
  registerErrorSchemas(app);
  acceptTiledeskInput(app);

  const jwtSecret = await resolveJwtSecret(database.db, config.jwtSecret);
  const events = createEventBus(app.log);
  const { connection, transaction } = createUnitOfWork(database.db, events);
  const authenticator = createAuthenticator(connection, jwtSecret, createSignInThrottle(connection, config.signIn), {
    revokeTokensOnPasswordChange: config.revokeTokensOnPasswordChange,
  });
  const jobs = createJobQueue(connection, app.log, options.jobs);
  const presence = createPresence(config.redisUrl, config.realtime.redisPrefix, app.log);
  const platform: Platform = {
    config,
    connection,
    transaction,
    dbKind: database.kind,
    log: app.log,
    events,
    jobs,
    presence,
    authenticator,
    guards: createGuards(connection, authenticator),
    jwtSecret,
  };
  const context: AppContext = { ...platform, services: createServices(platform) };

  // A change may have queued jobs: the worker looks now instead of at its next poll.
  events.on('*', (event) => {
    if (!event.context?.ephemeral) jobs.poke();
  });
  // Node keeps a keep-alive connection open after close() when a request was in flight on it, so
  // a graceful stop would wait for the keep-alive timeout: such responses close their connection.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // The events a request's services emit name its caller as their actor (the audit trail). Entered
  // once the body is read: the body's stream events would not carry an earlier context.
  app.addHook('preHandler', (request, _reply, done) => actAs(() => request.principal, done));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });
  // Hourly, on any instance (idempotent): outbox retention, expired account-link keys, old activities,
  // finished jobs.
  async function housekeep(): Promise<void> {
    await context.services.email.purge();
    await context.services.accountLinks.purgeExpiredKeys();
    await context.services.activities.purge();
    if (config.jobsRetentionDays > 0) {
      await jobs.purgeFinished(new Date(Date.now() - config.jobsRetentionDays * 86_400_000));
    }
  }
  const timers: NodeJS.Timeout[] = [];
  // On close, the timers stop first; a task still running is then told to stop (the signal) and
  // awaited before the database closes under it: an auto-close sweep went on through its batch,
  // each close failing.
  const stopping = new AbortController();
  const runningTasks = new Set<Promise<unknown>>();
  /**
   * Runs `task` every `ms` on this instance (and once at once with `now`); a slow run is not
   * overlapped by the next, a failure is logged.
   */
  const every = (ms: number, what: string, task: (signal: AbortSignal) => Promise<unknown>, now = false) => {
    let running = false;
    const tick = () => {
      if (running) return;
      running = true;
      const run = task(stopping.signal)
        .catch((error: unknown) => app.log.warn({ err: error }, `${what} failed`))
        .finally(() => {
          running = false;
          runningTasks.delete(run);
        });
      runningTasks.add(run);
    };
    timers.push(setInterval(tick, ms).unref());
    if (now) tick();
  };
  if (options.startWorkers !== false) {
    app.addHook('onReady', async () => {
      jobs.start();
      every(HOUSEKEEPING_INTERVAL_MS, 'housekeeping', housekeep);
      // The count rollups' appended rows, folded (migration 0024); harmless on several instances.
      every(COUNTS_COMPACTION_INTERVAL_MS, 'count compaction', () => context.services.analytics.compactCounts());
      // Idle conversations closed by the server (modules/automations), swept by every instance.
      every(config.autoClose.intervalSeconds * 1000, 'auto-close', (signal) =>
        context.services.autoClose.sweep(new Date(), signal),
      );
      // Without Redis, frames stay on the instance that produced them, while any instance runs
      // the jobs: a bot's answer composed on another one would never reach a visitor here.
      // Checked at start (a server joining a running one) and each minute (one joining later).
      const serverName = database.serverName;
      if (!config.redisUrl && serverName) {
        let reported = 0;
        const checkPeers = async () => {
          const others = await countOtherServers(database.db, serverName);
          if (others > 0 && others !== reported) {
            app.log.error(
              { otherServers: others },
              'other Parley servers share this database but REDIS_URL is not set: realtime frames reach only the clients of the server that produced them; set REDIS_URL on every server',
            );
          }
          reported = others;
        };
        every(PEER_CHECK_INTERVAL_MS, 'peer check', checkPeers, true);
      }
    });
  }
  app.addHook('onClose', async () => {
    timers.forEach(clearInterval);
    stopping.abort();
    await Promise.all(runningTasks);
    await jobs.stop();
    await presence.close();
    await events.drain();
  });

  const limits = await createRateLimits(app, config.rateLimits, config.redisUrl, app.log);
  limitRoute(app, 'POST', '/auth/signinAnonymously', 'preHandler', (request) =>
    limits.hit('anonymousPerProject', String((request.body as { id_project?: unknown }).id_project)),
  );
  limitRoute(app, 'POST', '/:project_id/subscriptions/test', 'preHandler', (request) =>
    limits.hit('webhookTests', (request.params as { project_id: string }).project_id),
  );
  limitRoute(app, 'POST', '/:project_id/emails/test/send', 'preHandler', (request) =>
    limits.hit('emailTests', projectOf(request).id),
  );
  limitRoute(app, 'POST', '/:project_id/url-preview', 'preHandler', (request) =>
    limits.hit('urlPreviewsPerProject', projectOf(request).id),
  );
  limitRoute(
    app,
    'POST',
    '/:project_id/requests/:request_id/messages',
    'preHandler',
    limitNewConversations(context, limits),
  );

  // WebSocket clients connect on the HTTP port (upgrade requests never reach the routes).
  attachRealtime(app, context, limits);

  registerErrorHandling(app);
  acceptEmptyJsonBodies(app, config.jsonMaxDepth);
  rejectUnstorableText(app);
  refuseCrossSiteBodies(app);
  // CORS preflights: 204, 400 for a malformed one, 404 for an OPTIONS that is not one.
  allowStatuses(app, [204, 400, 404], (route) => route.url === '*');
  // Any origin may call the API (the widget is embedded on customers' sites, the dashboard may be
  // hosted anywhere): callers authenticate with an Authorization header they set themselves. No
  // credentials: a browser then never attaches cookies or cached Basic credentials to a
  // cross-site call that needs a preflight, nor lets the calling page read the answer to one.
  await app.register(cors, {
    origin: true,
    credentials: false,
    // The plugin's default is GET,HEAD,POST: browsers would refuse the dashboard's PUT/PATCH/DELETE.
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
    exposedHeaders: ['x-request-id', 'x-hook-secret'],
  });
  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Parley API',
        version: VERSION,
        description:
          'Tiledesk-compatible customer-support conversation API. Authenticate with `Authorization: JWT <token>` ' +
          '(from /auth/signin) or HTTP Basic email:password.',
      },
      components: {
        securitySchemes: {
          jwt: { type: 'apiKey', in: 'header', name: 'Authorization', description: '"JWT <token>"' },
          basic: { type: 'http', scheme: 'basic' },
        },
      },
      security: [{ jwt: [] }, { basic: [] }],
    },
    // Shared schemas (the error bodies) keep their names in components.schemas.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(async (docs) => {
    allowStatuses(docs, [200, 302, 304, 404, 422, 500]);
    // Its logo given, read here: left to the plugin, it is read through the thread pool while
    // PGlite's WebAssembly is still being compiled on both cores, and a profiled start sat idle
    // up to 140 ms waiting for it (BENCHMARKS.md, "The embedded default").
    const logo = createRequire(import.meta.url).resolve('@fastify/swagger-ui/static/logo.svg');
    await docs.register(swaggerUi, {
      routePrefix: '/docs',
      logo: { type: 'image/svg+xml', content: readFileSync(logo) },
    });
  });
  app.get('/openapi.json', { schema: { hide: true }, config: { statuses: [200, 422, 500] } }, async () =>
    app.swagger(),
  );

  await app.register(healthRoutes(context, VERSION));
  await app.register(webRoutes());
  await app.register(authRoutes(context), { prefix: '/auth' });
  await app.register(usersRoutes(context), { prefix: '/users' });
  await app.register(projectsRoutes(context), { prefix: '/projects' });
  await app.register(publicMessagesRoutes(context), { prefix: '/public/requests' });
  await app.register(publicFilesRoutes(context), { prefix: '/files' });
  // Tiledesk mounts its widget loader at both names.
  for (const prefix of ['/widgets', '/w']) await app.register(widgetsLoaderRoutes(context), { prefix });

  // Everything under /:project_id first resolves the project (400 when invalid or unknown), then
  // refuses users the project banned (401).
  await app.register(
    async (scope) => {
      resolveProjectOnRequest(scope, connection, context.guards);
      refuseBannedUsers(scope);
      await scope.register(keysRoutes(context), { prefix: '/keys' });
      await scope.register(jwtRoutes(context), { prefix: '/jwt' });
      await scope.register(projectUsersRoutes(context), { prefix: '/project_users' });
      await scope.register(pendingInvitationsRoutes(context), { prefix: '/pendinginvitations' });
      await scope.register(departmentsRoutes(context), { prefix: '/departments' });
      await scope.register(groupsRoutes(context), { prefix: '/groups' });
      await scope.register(leadsRoutes(context), { prefix: '/leads' });
      await scope.register(tagsRoutes(context), { prefix: '/tags' });
      await scope.register(cannedRoutes(context), { prefix: '/canned' });
      await scope.register(filesRoutes(context), { prefix: '/files' });
      await scope.register(eventsRoutes(context), { prefix: '/events' });
      await scope.register(widgetsRoutes(context), { prefix: '/widgets' });
      await scope.register(labelsRoutes(context), { prefix: '/labels' });
      await scope.register(urlPreviewRoutes(context), { prefix: '/url-preview' });
      await scope.register(publicAnalyticsRoutes(context), { prefix: '/publicanalytics' });
      await scope.register(analyticsRoutes(context), { prefix: '/analytics' });
      await scope.register(activitiesRoutes(context), { prefix: '/activities' });
      // Tiledesk mounts bots at both names, and intents likewise.
      for (const prefix of ['/bots', '/faq_kb']) await scope.register(botsRoutes(context), { prefix });
      for (const prefix of ['/faq', '/intents']) await scope.register(intentsRoutes(context), { prefix });
      await scope.register(publicIntentsRoutes(context), { prefix: '/faqpub' });
      await scope.register(subscriptionsRoutes(context), { prefix: '/subscriptions' });
      await scope.register(triggersRoutes(context), { prefix: '/modules/triggers' });
      await scope.register(emailRoutes(context), { prefix: '/emails' });
      await scope.register(requestsRoutes(context), { prefix: '/requests' });
      await scope.register(botEngineRoutes(context), { prefix: '/requests' });
      await scope.register(requestEmailRoutes(context), { prefix: '/requests' });
      await scope.register(messagesRoutes(context), { prefix: '/requests/:request_id/messages' });
      await scope.register(directMessagesRoutes(context), { prefix: '/messages' });
    },
    { prefix: '/:project_id' },
  );

  return { app, context };
}
