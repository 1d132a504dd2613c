/**
 * The one error type services throw, and the closed table of situations it can describe.
 *
 * Tiledesk has no single error envelope (see the reference, "Error formats"): each situation has
 * its own status and body, and clients match on them. This table is where that mapping lives;
 * a service says *what* happened (`throw errors.unauthorized()`), the table says how it looks
 * on the wire.
 *
 * "Not found" is the exception to the table: Tiledesk words it differently on nearly every route
 * (`{msg: 'Object not found.'}`, `{error: 'Request not found'}`, `{message: 'Chatbot not found
 * with id …'}`), and a service cannot know which route called it. So a service only says what it
 * did not find (`throw errors.notFound('request', id)`) and the route declares Tiledesk's wording
 * for it (route config `notFound`, see error-handler.ts); without one, `Object not found.`.
 */

type Body = Record<string, unknown>;
type Entry = (...args: never[]) => readonly [status: number, body: Body];

const fail = (msg: string): Body => ({ success: false, msg });

const table = {
  // --- request pipeline ------------------------------------------------------------------
  invalidProjectId: (id: string) => [400, { error: `Invalid project id: ${id}` }] as const,
  projectNotFound: (id: string) => [400, { error: `Project not found with id: ${id}` }] as const,
  malformedJson: (detail: string) => [400, { ...fail('Malformed JSON body.'), error: detail }] as const,
  jsonTooDeep: (limit: number) =>
    [
      400,
      { ...fail('JSON body nested too deeply.'), error: `More than ${limit} levels of arrays and objects.`, limit },
    ] as const,
  badRequest: (msg: string) => [400, fail(msg)] as const,
  validation: (errors: unknown[]) => [422, { errors }] as const,
  invalid: (msg: string) => [422, { ...fail(msg), errors: [msg] }] as const,
  bodyTooLarge: (limit: number) => [413, { err: 'Request entity too large', limit }] as const,
  unsupportedMediaType: (type: string) => [415, fail(`Unsupported content type: ${type}`)] as const,
  routeNotFound: (method: string, url: string) =>
    [404, { ...fail(`Route not found: ${method} ${url}`), error: 'Not Found' }] as const,
  conflict: (detail: string) => [409, { ...fail('Duplicate value.'), error: detail }] as const,
  internal: (requestId: string) => [500, { err: 'error', requestId }] as const,
  /** The database could not be reached (a restart, a failover, dropped connections): try again. */
  databaseUnavailable: (requestId: string) =>
    [503, { success: false, msg: 'Database unavailable, try again shortly.', requestId, retryAfter: 5 }] as const,

  // --- authentication and roles (reference §1) --------------------------------------------
  unauthorized: () => [401, fail('Unauthorized')] as const,
  /** Tiledesk's projectBanUserFilter: the caller's token names a user the project banned. */
  bannedUser: () => [401, { err: 'error projectBanUserFilter by id' }] as const,
  /** A project token failed `/jwt/decode`'s checks; `err` is jsonwebtoken's `{name, message}`. */
  tokenRefused: (msg: string, err?: Record<string, unknown>) => [401, { ...fail(msg), ...(err && { err }) }] as const,
  notMember: () => [403, fail('you dont belong to the project.')] as const,
  roleRequired: () => [403, fail('you dont have the required role.')] as const,
  forbidden: (msg = 'Unauthorized.') => [403, fail(msg)] as const,
  signinUserNotFound: () => [401, fail('Authentication failed. User not found.')] as const,
  signinWrongPassword: () => [401, fail('Authentication failed. Wrong password.')] as const,
  tooManySignInAttempts: (retryAfter: number) =>
    [429, { ...fail(`Too many sign-in attempts. Try again in ${retryAfter} seconds.`), retryAfter }] as const,
  rateLimited: (retryAfter: number) =>
    [429, { ...fail(`Too many requests. Try again in ${retryAfter} seconds.`), retryAfter }] as const,
  emailAlreadyRegistered: () => [403, { success: false, message: 'Email already registered' }] as const,
  audRequired: () => [400, fail('JWT Aud field is required')] as const,
  projectUserNotActive: () => [401, fail('Authentication failed. Project_user not active.')] as const,
  currentPasswordInvalid: () => [401, fail('Current password is invalid.')] as const,
  /** PUT /auth/verifyemail: an unknown, used or expired code (Tiledesk's error code 10005). */
  verificationCodeInvalid: () =>
    [
      401,
      {
        success: false,
        error: 'Unable to verify email: the verification code is expired or invalid.',
        error_code: 10005,
      },
    ] as const,
  /** PUT /auth/verifyemail: a live code of another account (10006). */
  verificationCodeOtherUser: () =>
    [
      401,
      { success: false, error: 'Trying to use a verification code from another user.', error_code: 10006 },
    ] as const,
  /** GET /auth/checkpswresetkey, PUT /auth/resetpsw: unknown, used or expired key (Tiledesk's 404). */
  invalidResetKey: () => [404, fail('Invalid password reset key')] as const,
  /** Verification or reset emails beyond the account's hourly budget (EMAIL_ACCOUNT_MAX_PER_HOUR). */
  tooManyAccountEmails: (retryAfter: number) =>
    [
      429,
      { ...fail(`Too many emails sent to this account. Try again in ${retryAfter} seconds.`), retryAfter },
    ] as const,
  samePassword: () =>
    [403, { success: false, message: 'The new password must be different from the previous one.' }] as const,

  // --- projects and team (reference §2) ---------------------------------------------------
  profileChangeForbidden: () =>
    [403, { success: false, error: "You don't have the permission required to modify the project profile" }] as const,
  inviteSelf: () => [403, { ...fail('Forbidden. It is not allowed to invite oneself'), code: 4000 }] as const,
  inviteAlreadyMember: () => [403, { ...fail('Forbidden. User is already a member'), code: 4001 }] as const,
  // Tiledesk's wording, with its two spaces.
  noProjectKey: () => [404, fail('Project hasnt  a jwtSecret')] as const,

  // --- bots and intents (reference §5) ----------------------------------------------------
  // Tiledesk answers a duplicate slug with a 500 and error code 12001; clients match on the code,
  // and a taken name is the caller's conflict, not a server fault: 409 with Tiledesk's body.
  duplicateSlug: (slug: string) =>
    [409, { ...fail('Error updating object.'), error: `Slug already exists: ${slug}`, error_code: 12001 }] as const,
  duplicateIntent: () => [409, fail('Duplicate  intent_display_name.')] as const,
  missingIdFaqKb: () => [422, { err: 'Missing id_faq_kb in Request Body' }] as const,
  // --- conversations (reference §3-4) -----------------------------------------------------
  textRequired: () => [422, { errors: ['text field is required'] }] as const,
  textTooLong: (field: string, limit: number) =>
    [
      422,
      { ...fail(`${field} is too long (the limit is ${limit} characters).`), errors: [`${field} is too long`], limit },
    ] as const,
  senderNotMember: (sender: string) =>
    [403, fail(`Unauthorized. Project_user not found with user id  : ${sender}`)] as const,
  notInConversation: () =>
    [403, { success: false, message: 'Error creating message', err: "You don't belong the conversation" }] as const,
  /** GET /requests/:id/chatbot/parameters with an id that does not name the project in the URL. */
  requestOfAnotherProject: () => [401, { success: false, message: 'Request does not belong to the project' }] as const,
  forbiddenError: (error: string) => [403, { success: false, error }] as const,
  badRequestError: (error: string) => [400, { success: false, error }] as const,
  unprocessableError: (error: string) => [422, { success: false, error }] as const,
  badRequestMessage: (message: string) => [400, { success: false, message }] as const,
  batchTooLarge: (count: number, limit: number) =>
    [413, { ...fail(`Too many messages in one batch: ${count} (the limit is ${limit}).`), limit }] as const,
} satisfies Record<string, Entry>;

export type ErrorCode = keyof typeof table | 'notFound';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly body: Body,
  ) {
    super(`${code}: ${JSON.stringify(body)}`);
    this.name = 'AppError';
  }
}

/** What a service can look for and not find. */
export type Entity =
  | 'ban'
  | 'bot'
  | 'canned'
  | 'email'
  | 'department'
  | 'event'
  | 'file'
  | 'group'
  | 'intent'
  | 'label'
  | 'lead'
  | 'message'
  | 'pendingInvitation'
  | 'project'
  | 'projectUser'
  | 'request'
  | 'segment'
  | 'subscription'
  | 'tag'
  | 'trigger'
  | 'user';

/** What was missing, as a wording sees it: `id` is what the service looked for. */
export interface Missing {
  id: string;
  /** The project of the call. */
  projectId: string;
  /** Where, when the id alone does not say (the operation of a batch). */
  where?: string;
}

/** How Tiledesk words "not found" on one route (or one realtime topic), by what was missing. */
export type NotFoundWording = Partial<Record<Entity, (missing: Missing) => Body>>;

const OBJECT_NOT_FOUND = fail('Object not found.');

export class NotFoundError extends AppError {
  constructor(
    readonly entity: Entity,
    readonly id: string,
    /** Where, when the id alone does not say (the operation of a batch). */
    readonly where?: string,
  ) {
    super('notFound', 404, OBJECT_NOT_FOUND);
    this.message = `notFound: ${entity} ${id}${where ? ` (${where})` : ''}`;
  }

  /** The body to send: `wording`'s for this entity, or Tiledesk's generic one. */
  bodyIn(wording: NotFoundWording | undefined, projectId: string): Body {
    return wording?.[this.entity]?.({ id: this.id, projectId, where: this.where }) ?? this.body;
  }
}

type Factories = {
  [K in keyof typeof table]: (...args: Parameters<(typeof table)[K]>) => AppError;
} & {
  notFound: (entity: Entity, id: string, where?: string) => NotFoundError;
};

export const errors = {
  ...Object.fromEntries(
    Object.entries(table).map(([code, entry]) => [
      code,
      (...args: never[]) => {
        const [status, body] = (entry as Entry)(...args);
        return new AppError(code as ErrorCode, status, body);
      },
    ]),
  ),
  notFound: (entity: Entity, id: string, where?: string) => new NotFoundError(entity, id, where),
} as Factories;

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
