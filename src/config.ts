/**
 * The only reader of `process.env`. Every setting is parsed, validated and frozen here, and
 * start-up fails with one readable list of everything that is wrong instead of the first error.
 */
import path from 'node:path';
import type {
  AutoCloseConfig,
  EmailConfig,
  FilesConfig,
  RateLimitsConfig,
  RealtimeConfig,
  SmtpSettings,
} from './config-sections.js';

export type * from './config-sections.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database under `dataDir` is used. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /**
   * The embedded database's page cache (PostgreSQL's shared_buffers), in MiB. PGlite's default,
   * 128, is most of an idle server's memory; data beyond the cache is read from DATA_DIR's files
   * (which the operating system caches in turn).
   */
  readonly embeddedCacheMb: number;
  /**
   * Bound, in ms, on opening a PostgreSQL connection or waiting for a free one, and on the
   * database check of /health: while the database is unreachable, requests fail (and /health
   * answers 503) after at most this long instead of hanging.
   */
  readonly databaseConnectTimeoutMs: number;
  /** PostgreSQL: prepare repeated statements (off for a pooler that cannot carry them). */
  readonly databasePreparedStatements: boolean;
  readonly redisUrl: string | undefined;
  /** Global JWT secret; when absent one is generated on first start and kept in the database. */
  readonly jwtSecret: string | undefined;
  /** Lifetime of issued user/guest tokens in seconds; undefined = no expiry (what Tiledesk clients expect). */
  readonly jwtExpiresInSeconds: number | undefined;
  /** Tokens of an account issued before its latest password change are refused (default true). */
  readonly revokeTokensOnPasswordChange: boolean;
  readonly bodyLimit: number;
  /**
   * Deepest nesting of arrays and objects accepted in a JSON body or an imported bot file
   * (JSON_MAX_DEPTH); deeper input is a 400 before it is parsed.
   */
  readonly jsonMaxDepth: number;
  /** Body limit of the bulk message import route, which legitimately carries up to `maxBatchMessages`. */
  readonly importBodyLimit: number;
  readonly maxBatchMessages: number;
  /**
   * Longest text of one message, and of a request's first text, in characters (UTF-16 code
   * units): a single message, a first message, a direct message or an element of
   * `/messages/multi` beyond it is refused with 422.
   */
  readonly messageMaxTextLength: number;
  readonly logLevel: string;
  /** `pretty`: readable coloured lines; `json`: one JSON object per line; `auto`: pretty on a terminal. */
  readonly logFormat: 'auto' | 'pretty' | 'json';
  /** Outbound calls (webhooks, external bots) to private/loopback addresses are refused unless true. */
  readonly allowPrivateOutbound: boolean;
  /** Largest response body read from an outbound call (webhook receiver, external bot). */
  readonly outboundMaxResponseBytes: number;
  /** Deadline of one webhook delivery attempt; stays below the job lease (60 s). */
  readonly webhookTimeoutMs: number;
  /** Attempts per webhook delivery (exponential backoff between them) before it is failed. */
  readonly webhookMaxAttempts: number;
  /** A subscription is disabled after this many consecutive failed deliveries. */
  readonly webhookDisableAfter: number;
  /** Deadline of one link preview (`/:project_id/url-preview`), redirects included. */
  readonly urlPreviewTimeoutMs: number;
  /** Deadline of one call to a bot's endpoint (delivery, webhook fulfilment, a flow's web request). */
  readonly botTimeoutMs: number;
  /**
   * Attempts of one bot turn (a delivery to an external bot, an internal answer) before the
   * bot is given up on and the conversation is handed to a human.
   */
  readonly botMaxAttempts: number;
  readonly shutdownGraceMs: number;
  /**
   * Whether X-Forwarded-For names the client (Parley behind a load balancer or proxy): client
   * addresses then come from it, for the sign-in throttle and the logs.
   */
  readonly trustProxy: boolean;
  /** Password checks per account and client address in one window (0: unlimited), and its length. */
  readonly signIn: { readonly maxAttempts: number; readonly windowSeconds: number };
  /** Shortest password a user may choose at sign-up or on a change (0: any; Tiledesk has no rule). */
  readonly passwordMinLength: number;
  /**
   * Largest free-form object a client may send (attributes, metadata...), in bytes of its JSON
   * (0: no limit beyond the body limit). Such objects are copied into lists, tokens and realtime
   * frames, so one visitor's 600 KB would weigh on everyone who reads them.
   */
  readonly attributesMaxBytes: number;
  /**
   * The account that may list every project of the server (`GET /projects/all`, Tiledesk's
   * ADMIN_EMAIL), lower-cased; undefined: nobody. Whoever registers this email holds the right,
   * so create that account before the server is exposed.
   */
  readonly adminEmail: string | undefined;
  /**
   * Where `/widgets/load` sends browsers, and what `/widgets/v5/:project_id` loads `launch.js`
   * from (Tiledesk's WIDGET_LOCATION): an http(s) URL or a path of this server, ending with "/".
   * Parley's own widget page by default. WIDGET_TEST_LOCATION likewise for `/widgets/test/load`.
   */
  readonly widgetLocation: string;
  readonly widgetTestLocation: string;
  /**
   * The address this server is reached at from a browser (PUBLIC_URL, no trailing "/"): links in
   * emails point at it. http://localhost:PORT by default.
   */
  readonly publicUrl: string;
  readonly email: EmailConfig;
  readonly autoClose: AutoCloseConfig;
  /** Days a finished job (done or failed) stays in the queue's table (0: forever). */
  readonly jobsRetentionDays: number;
  /** Days an activity (the audit trail) is kept (0: forever). */
  readonly activitiesRetentionDays: number;
  readonly rateLimits: RateLimitsConfig;
  readonly files: FilesConfig;
  readonly realtime: RealtimeConfig;
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${env[name]}")`);
    return fallback;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };

  const location = (name: string, fallback: string): string => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw.startsWith('/')) return raw;
    try {
      if (['http:', 'https:'].includes(new URL(raw).protocol)) return raw;
    } catch {
      // Reported below.
    }
    problems.push(`${name} must be an http(s) URL or a path starting with "/" (got "${raw}")`);
    return fallback;
  };

  /** Tiledesk's CLOSE_*_UNRESPONSIVE_REQUESTS_ENABLE and _AFTER_TIMEOUT (milliseconds), as minutes. */
  const idleMinutes = (kind: 'BOT' | 'AGENT', enabled: boolean, afterMs: number): number => {
    if (!bool(`CLOSE_${kind}_UNRESPONSIVE_REQUESTS_ENABLE`, enabled)) return 0;
    const ms = int(`CLOSE_${kind}_UNRESPONSIVE_REQUESTS_AFTER_TIMEOUT`, afterMs, 60_000, 3650 * 86_400_000);
    return Math.round(ms / 60_000);
  };

  const widgetLocation = location('WIDGET_LOCATION', '/widget/');
  const port = int('PORT', 3000, 0, 65535);
  const publicUrl = (url('PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '');

  /** SMTP_URL (smtp:// or smtps://), else SMTP_HOST and its companions; Tiledesk's EMAIL_* names work too. */
  const smtp = ((): SmtpSettings | undefined => {
    const raw = url('SMTP_URL', ['smtp:', 'smtps:']);
    if (raw) {
      try {
        const parsed = new URL(raw);
        const secure = parsed.protocol === 'smtps:';
        return {
          host: parsed.hostname,
          port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
          secure,
          ...(parsed.username && { user: decodeURIComponent(parsed.username) }),
          ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
        };
      } catch {
        return undefined; // Reported by url().
      }
    }
    const host = env.SMTP_HOST || env.EMAIL_HOST;
    if (!host) return undefined;
    const secure = bool('SMTP_SECURE', bool('EMAIL_SECURE', false));
    const user = env.SMTP_USER || env.EMAIL_USERNAME;
    const password = env.SMTP_PASSWORD || env.EMAIL_PASSWORD;
    return {
      host,
      port: int('SMTP_PORT', int('EMAIL_PORT', secure ? 465 : 587, 1, 65535), 1, 65535),
      secure,
      ...(user && { user }),
      ...(password && { password }),
    };
  })();
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const logFormat = env.LOG_FORMAT || 'auto';
  if (logFormat !== 'auto' && logFormat !== 'pretty' && logFormat !== 'json') {
    problems.push('LOG_FORMAT must be one of auto, pretty, json');
  }

  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 8) problems.push('JWT_SECRET must be at least 8 characters');

  const expires = env.JWT_EXPIRES_IN;
  let jwtExpiresInSeconds: number | undefined;
  if (expires) {
    jwtExpiresInSeconds = parseDuration(expires);
    if (jwtExpiresInSeconds === undefined) {
      problems.push(`JWT_EXPIRES_IN must be seconds or a duration like 12h, 30d (got "${expires}")`);
    }
  }

  const config: Config = {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: path.resolve(env.DATA_DIR || './data'),
    embeddedCacheMb: int('EMBEDDED_DB_CACHE_MB', 32, 1, 65_536),
    databaseConnectTimeoutMs: int('DATABASE_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
    databasePreparedStatements: bool('DATABASE_PREPARED_STATEMENTS', true),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret,
    jwtExpiresInSeconds,
    revokeTokensOnPasswordChange: bool('REVOKE_TOKENS_ON_PASSWORD_CHANGE', true),
    bodyLimit: int('BODY_LIMIT', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    jsonMaxDepth: int('JSON_MAX_DEPTH', 64, 8, 1000),
    importBodyLimit: int('IMPORT_BODY_LIMIT', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxBatchMessages: int('MAX_BATCH_MESSAGES', 1000, 1, 100_000),
    messageMaxTextLength: int('MESSAGE_MAX_TEXT_LENGTH', 64 * 1024, 1, 16 * 1024 * 1024),
    logLevel,
    logFormat: logFormat as Config['logFormat'],
    allowPrivateOutbound: bool('ALLOW_PRIVATE_OUTBOUND', false),
    outboundMaxResponseBytes: int('OUTBOUND_MAX_RESPONSE_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    webhookTimeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 50_000),
    webhookMaxAttempts: int('WEBHOOK_MAX_ATTEMPTS', 10, 1, 100),
    webhookDisableAfter: int('WEBHOOK_DISABLE_AFTER', 10, 1, 100_000),
    urlPreviewTimeoutMs: int('URL_PREVIEW_TIMEOUT_MS', 10_000, 100, 60_000),
    botTimeoutMs: int('BOT_TIMEOUT_MS', 10_000, 100, 50_000),
    botMaxAttempts: int('BOT_MAX_ATTEMPTS', 6, 1, 100),
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    trustProxy: bool('TRUST_PROXY', false),
    signIn: Object.freeze({
      maxAttempts: int('SIGNIN_MAX_ATTEMPTS', 10, 0, 100_000),
      windowSeconds: int('SIGNIN_WINDOW_SECONDS', 900, 1, 7 * 86400),
    }),
    passwordMinLength: int('PASSWORD_MIN_LENGTH', 8, 0, 1024),
    attributesMaxBytes: int('ATTRIBUTES_MAX_BYTES', 16 * 1024, 0, 1024 * 1024 * 1024),
    adminEmail: env.ADMIN_EMAIL?.trim().toLowerCase() || undefined,
    widgetLocation,
    widgetTestLocation: location('WIDGET_TEST_LOCATION', widgetLocation),
    publicUrl,
    email: Object.freeze({
      smtp: smtp && Object.freeze(smtp),
      from: env.EMAIL_FROM || env.EMAIL_FROM_ADDRESS || 'Parley <noreply@localhost>',
      notificationsEnabled: bool('EMAIL_NOTIFICATION_ENABLED', true),
      maxAttempts: int('EMAIL_MAX_ATTEMPTS', 20, 1, 100),
      timeoutMs: int('EMAIL_TIMEOUT_MS', 20_000, 100, 50_000),
      verifyTtlSeconds: int('EMAIL_VERIFY_TTL_SECONDS', 2 * 86400, 60, 365 * 86400),
      resetTtlSeconds: int('PASSWORD_RESET_TTL_SECONDS', 3600, 60, 7 * 86400),
      accountEmailsPerHour: int('EMAIL_ACCOUNT_MAX_PER_HOUR', 5, 1, 10_000),
      retentionDays: int('EMAIL_RETENTION_DAYS', 90, 0, 36500),
    }),
    jobsRetentionDays: int('JOBS_RETENTION_DAYS', 7, 0, 36500),
    activitiesRetentionDays: int('ACTIVITIES_RETENTION_DAYS', 365, 0, 36500),
    autoClose: Object.freeze({
      botIdleMinutes: idleMinutes('BOT', true, 2 * 86_400_000),
      humanIdleMinutes: idleMinutes('AGENT', false, 5 * 86_400_000),
      intervalSeconds: int('AUTO_CLOSE_INTERVAL_SECONDS', 60, 1, 86_400),
      batchSize: int('AUTO_CLOSE_BATCH_SIZE', 100, 1, 100_000),
    }),
    rateLimits: Object.freeze({
      windowSeconds: int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86400),
      signup: int('RATE_LIMIT_SIGNUP', 100, 0, 10_000_000),
      signin: int('RATE_LIMIT_SIGNIN', 300, 0, 10_000_000),
      anonymous: int('RATE_LIMIT_ANONYMOUS', 120, 0, 10_000_000),
      anonymousPerProject: int('RATE_LIMIT_ANONYMOUS_PER_PROJECT', 1200, 0, 10_000_000),
      customToken: int('RATE_LIMIT_CUSTOM_TOKEN', 300, 0, 10_000_000),
      publicReads: int('RATE_LIMIT_PUBLIC', 1200, 0, 10_000_000),
      urlPreviews: int('RATE_LIMIT_URL_PREVIEW', 60, 0, 10_000_000),
      urlPreviewsPerProject: int('RATE_LIMIT_URL_PREVIEW_PER_PROJECT', 600, 0, 10_000_000),
      conversationsPerVisitor: int('RATE_LIMIT_CONVERSATIONS_PER_VISITOR', 100, 0, 10_000_000),
      conversationsPerProject: int('RATE_LIMIT_CONVERSATIONS_PER_PROJECT', 2000, 0, 10_000_000),
      subscribes: int('RATE_LIMIT_SUBSCRIBES', 1200, 0, 10_000_000),
      webhookTests: int('RATE_LIMIT_WEBHOOK_TESTS', 30, 0, 10_000_000),
      accountLinks: int('RATE_LIMIT_ACCOUNT_LINKS', 30, 0, 10_000_000),
      emailTests: int('RATE_LIMIT_EMAIL_TESTS', 10, 0, 10_000_000),
      redisPrefix: env.RATE_LIMIT_REDIS_PREFIX || 'parley:rl:',
    }),
    files: Object.freeze({
      maxUploadBytes: int('MAX_UPLOAD_FILE_SIZE', 10 * 1024 * 1024, 1, 100 * 1024 * 1024),
      chatAllowList: (env.CHAT_FILES_ALLOW_LIST ?? '').trim() || '.jpg,.jpeg,.png,.gif,.pdf,.txt',
      chatExpirationSeconds: int('CHAT_FILE_EXPIRATION_TIME', 30 * 86400, 1, 10 * 365 * 86400),
    }),
    realtime: Object.freeze({
      path: env.REALTIME_PATH || '/',
      heartbeatSeconds: int('REALTIME_HEARTBEAT_SECONDS', 30, 1, 3600),
      maxBufferedBytes: int('REALTIME_MAX_BUFFERED_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      maxSubscriptions: int('REALTIME_MAX_SUBSCRIPTIONS', 500, 1, 100_000),
      maxSocketsPerPrincipal: int('REALTIME_MAX_SOCKETS_PER_PRINCIPAL', 100, 0, 1_000_000),
      maxFrameBytes: int('REALTIME_MAX_FRAME_BYTES', 64 * 1024, 256, 16 * 1024 * 1024),
      historySize: int('REALTIME_HISTORY_SIZE', 100, 1, 100_000),
      historyTtlSeconds: int('REALTIME_HISTORY_TTL_SECONDS', 900, 1, 7 * 86400),
      redisPrefix: env.REALTIME_REDIS_PREFIX || 'parley:rt:',
      redisQueueMax: int('REALTIME_REDIS_QUEUE_MAX', 10_000, 100, 10_000_000),
    }),
  };
  if (!config.realtime.path.startsWith('/')) problems.push('REALTIME_PATH must start with "/"');
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** "90", "90s", "15m", "12h", "30d" -> seconds. */
function parseDuration(text: string): number | undefined {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  return seconds > 0 ? seconds : undefined;
}
