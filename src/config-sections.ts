/**
 * The settings of each part of the server, as `Config` (./config.ts) holds them: what each
 * environment variable becomes. Parsed and validated in ./config.ts, the only reader of the
 * environment.
 */

/** Email (src/modules/email). */
export interface EmailConfig {
  /** The server's SMTP relay; undefined: emails are rendered and kept in the outbox, not sent. */
  readonly smtp: SmtpSettings | undefined;
  /** Sender of every email a project does not send from its own address (EMAIL_FROM). */
  readonly from: string;
  /** Notifications to agents and visitors (EMAIL_NOTIFICATION_ENABLED); account emails are always sent. */
  readonly notificationsEnabled: boolean;
  /** Delivery attempts of one email (exponential backoff between them) before it is marked failed. */
  readonly maxAttempts: number;
  /** Deadline of one SMTP conversation (connect, greeting, each command). */
  readonly timeoutMs: number;
  /** Life of an email verification link, and of a password reset link, in seconds. */
  readonly verifyTtlSeconds: number;
  readonly resetTtlSeconds: number;
  /** Verification and reset emails one account may be sent per hour; beyond, none is sent. */
  readonly accountEmailsPerHour: number;
  /** Days an email stays in the outbox (0: forever). */
  readonly retentionDays: number;
}

/**
 * Idle conversations the server closes (src/modules/automations), with Tiledesk's setting names.
 * A project may set its own minutes (`settings.auto_close.bot`, `settings.auto_close.human`).
 */
export interface AutoCloseConfig {
  /** Minutes without activity after which a bot-served open conversation is closed (0: never). */
  readonly botIdleMinutes: number;
  /** The same for conversations served by people (0: never, the default). */
  readonly humanIdleMinutes: number;
  /** Seconds between two sweeps (each instance sweeps; each conversation is closed once). */
  readonly intervalSeconds: number;
  /** Conversations closed per sweep at most (the next sweep takes the rest). */
  readonly batchSize: number;
}

/** An SMTP server, from SMTP_URL or SMTP_HOST / SMTP_PORT / SMTP_USER / SMTP_PASSWORD / SMTP_SECURE. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly user?: string;
  readonly password?: string;
}

/** Chat file uploads (src/modules/files), with Tiledesk's setting names. */
export interface FilesConfig {
  /** Largest uploaded file, in bytes (MAX_UPLOAD_FILE_SIZE). */
  readonly maxUploadBytes: number;
  /** Extensions a chat upload may have unless its project says otherwise (CHAT_FILES_ALLOW_LIST). */
  readonly chatAllowList: string;
  /** Seconds a chat file is kept (CHAT_FILE_EXPIRATION_TIME). */
  readonly chatExpirationSeconds: number;
}

/**
 * Rate limits (src/platform/http/rate-limits.ts): each is the most calls in one window of
 * `windowSeconds`, per client address, project or principal as named; 0 turns one off. Past it, a
 * 429 with Retry-After. Counted in Redis when REDIS_URL is set (shared by every instance), else in
 * memory.
 */
export interface RateLimitsConfig {
  readonly windowSeconds: number;
  /** Sign-ups per client address (each costs an argon2 hash). */
  readonly signup: number;
  /** Password sign-ins per client address, whatever the account (the sign-in throttle counts per account). */
  readonly signin: number;
  /** Anonymous sign-ins per client address, and per project (each adds a member to the project). */
  readonly anonymous: number;
  readonly anonymousPerProject: number;
  /** Custom-token sign-ins per client address. */
  readonly customToken: number;
  /** Reads of the public routes (transcripts, chat files, widget settings, public intents) per client address. */
  readonly publicReads: number;
  /** Link preview calls (each fetches up to 10 pages) per client address, and per project. */
  readonly urlPreviews: number;
  readonly urlPreviewsPerProject: number;
  /** Conversations a visitor opens (with its first message), per visitor and per project. */
  readonly conversationsPerVisitor: number;
  readonly conversationsPerProject: number;
  /** WebSocket subscribes per principal (each authorizes, and most load a snapshot). */
  readonly subscribes: number;
  /** Test calls to a webhook target (`POST /:project_id/subscriptions/test`) per project. */
  readonly webhookTests: number;
  /**
   * Calls per client address of the routes behind account emails and their links (password reset
   * request, reset key check and use, email verification): each may send an email or guess a key.
   */
  readonly accountLinks: number;
  /** Test emails (`POST /:project_id/emails/test/send`) per project. */
  readonly emailTests: number;
  /** Prefix of the Redis keys of the counters. */
  readonly redisPrefix: string;
}

/** The WebSocket server (src/modules/realtime): limits, heartbeats, replay history, Redis fan-out. */
export interface RealtimeConfig {
  /** URL path WebSocket clients connect to (Tiledesk's WS_SERVER_PATH). */
  readonly path: string;
  /** Seconds between server pings; a socket that answered nothing since the previous ping is terminated. */
  readonly heartbeatSeconds: number;
  /** A client whose unsent data exceeds this many bytes is disconnected (it never slows the others). */
  readonly maxBufferedBytes: number;
  readonly maxSubscriptions: number;
  /** Open connections per principal on this instance (0: no limit); more are refused with 429. */
  readonly maxSocketsPerPrincipal: number;
  /** Largest frame a client may send. */
  readonly maxFrameBytes: number;
  /** Frames kept per topic for replay to clients that resubscribe with `since`. */
  readonly historySize: number;
  /** How long a topic's history lives after its last frame (its counter lives at least a day). */
  readonly historyTtlSeconds: number;
  /** Prefix of the Redis keys and channel, so several deployments (or tests) can share one Redis. */
  readonly redisPrefix: string;
  /**
   * Frames held while Redis is unreachable, sent when it is back; beyond this the oldest are
   * dropped, and their topics' subscribers (on every instance) resync when Redis is back.
   */
  readonly redisQueueMax: number;
}
