/**
 * Resolves the caller from the Authorization header: `JWT <token>` (also `Bearer`), or HTTP
 * Basic `email:password`.
 *
 * For tokens, the *unverified* audience picks the key as Tiledesk does (bot secret, project
 * jwtSecret, subscription secret, else the global secret); only HS256 is accepted. Unlike
 * Tiledesk, the key then also bounds whom the token may name (issue 9):
 * - a bot's secret names that bot only, a subscription's secret that subscription only;
 * - a project's key names end users (`userexternal`, `guest`) of that project only, never a
 *   password account, a bot or a subscription, and only identities that key minted (see
 *   identity.repo.ts findActiveMembership);
 * - the global secret (the server's own) names users and the server's anonymous guests.
 * Keys of deleted projects, trashed bots and subscriptions of deleted projects are dead. A user's
 * token issued before the user's latest password change is refused (REVOKE_TOKENS_ON_PASSWORD_CHANGE).
 *
 * Basic auth verifies an argon2 hash, which is deliberately slow; a successful check is
 * remembered for a few minutes (keyed by a digest of the credentials and bound to the stored
 * hash, so a password change invalidates it at once). Every password check, Basic or sign-in,
 * goes through the sign-in throttle first, keyed by the account and the client's address.
 * Concurrent checks of the same credentials from one address share one verification: a client
 * that opens with a burst of parallel calls is one attempt for the throttle, not one per call.
 */
import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { Connection } from '../db/unit-of-work.js';
import type { ProjectUserRow } from '../db/tables.js';
import { errors } from '../errors.js';
import { decodeUnverified, parseAudience, verifyToken } from './jwt.js';
import { verifyPassword } from './passwords.js';
import { fullNameOf, type Principal, type UserPrincipal } from './principal.js';
import { createIdentityRepo } from './identity.repo.js';
import type { SignInThrottle } from './sign-in-throttle.js';

export interface Authenticator {
  /**
   * Resolves the Authorization header; throws 401 AppError when absent or invalid, 429 when the
   * client (`ip`) has guessed the password of that account too often.
   */
  authenticate(header: string | undefined, ip: string): Promise<Principal>;
  /**
   * authenticate, and the principal's active membership in `projectId` (none for a bot or a
   * subscription). For a user's token one statement reads the user and the membership.
   */
  authenticateMember(
    header: string | undefined,
    ip: string,
    projectId: string,
  ): Promise<{ principal: Principal; membership: ProjectUserRow | undefined }>;
  /** Verifies a token (without the "JWT " prefix) and returns its payload and principal. */
  authenticateToken(token: string): Promise<{ payload: JWTPayload; principal: Principal }>;
  /** Checks email/password (sign-in); undefined when unknown, false when the password is wrong. */
  checkPassword(email: string, password: string, ip: string): Promise<UserPrincipal | false | undefined>;
}

export interface AuthenticatorOptions {
  /** Refuse a user's tokens issued before the user's latest password change. */
  revokeTokensOnPasswordChange: boolean;
}

/** The key that verified a token, and so the only principals that token may name. */
type TokenKey =
  | { kind: 'global'; secret: string }
  | { kind: 'project'; projectId: string; secret: string }
  | { kind: 'bot'; secret: string; bot: { id: string; project_id: string; name: string } }
  | { kind: 'subscription'; secret: string; subscription: { id: string; project_id: string } };

/** Reads an active user by id: findActiveUserById, or a variant that reads more in the same statement. */
type UserLoader = ReturnType<typeof createIdentityRepo>['findActiveUserById'];

const BASIC_CACHE_TTL_MS = 5 * 60_000;
const BASIC_CACHE_MAX = 10_000;

export function createAuthenticator(
  connection: Connection,
  globalSecret: string,
  throttle: SignInThrottle,
  options: AuthenticatorOptions,
): Authenticator {
  const identity = createIdentityRepo(connection);
  const basicCache = new Map<string, { passwordHash: string; expires: number }>();
  const checksInFlight = new Map<string, Promise<boolean>>();

  async function keyFor(payload: JWTPayload): Promise<TokenKey | undefined> {
    const audience = parseAudience(payload.aud);
    if (!audience) return { kind: 'global', secret: globalSecret };
    switch (audience.kind) {
      case 'bots': {
        const bot = await identity.findLiveBotKey(audience.id);
        return bot && { kind: 'bot', secret: bot.secret, bot };
      }
      case 'projects': {
        const secret = await identity.findLiveProjectKey(audience.id);
        return secret === undefined ? undefined : { kind: 'project', projectId: audience.id, secret };
      }
      case 'subscriptions': {
        const subscription = await identity.findLiveSubscriptionKey(audience.id);
        return subscription && { kind: 'subscription', secret: subscription.secret, subscription };
      }
    }
  }

  /** The principal a verified token names, if its key may name it. */
  async function principalFor(
    key: TokenKey,
    payload: JWTPayload,
    loadUser: UserLoader,
  ): Promise<Principal | undefined> {
    const id = typeof payload._id === 'string' || typeof payload._id === 'number' ? String(payload._id) : undefined;
    const claims = payload as Record<string, unknown>;
    switch (key.kind) {
      case 'bot': {
        const { bot } = key;
        if (payload.sub !== 'bot' || (id !== undefined && id !== bot.id)) return undefined;
        return { kind: 'bot', id: bot.id, projectId: bot.project_id, fullName: bot.name };
      }
      case 'subscription': {
        const { subscription } = key;
        if (payload.sub !== 'subscription' || (id !== undefined && id !== subscription.id)) return undefined;
        return {
          kind: 'subscription',
          id: subscription.id,
          projectId: subscription.project_id,
          fullName: 'subscription',
        };
      }
      case 'project': {
        // The customer's backend speaks for its own end users: whatever `sub` says (Tiledesk's
        // clients send userexternal, user or nothing), never for an account, a bot or a hook.
        if (!id || payload.sub === 'bot' || payload.sub === 'subscription') return undefined;
        const kind = payload.sub === 'guest' ? 'guest' : 'userexternal';
        return { kind, id, fullName: fullNameOf(claims.firstname, claims.lastname), claims, projectId: key.projectId };
      }
      case 'global': {
        if (!id) return undefined;
        if (payload.sub === 'guest') {
          return { kind: 'guest', id, fullName: fullNameOf(claims.firstname, claims.lastname), claims };
        }
        if (payload.sub !== undefined && payload.sub !== 'user') return undefined;
        const user = await loadUser(id);
        if (!user || issuedBeforePasswordChange(payload, user.password_changed_at)) return undefined;
        return toUserPrincipal(user);
      }
    }
  }

  function issuedBeforePasswordChange(payload: JWTPayload, changedAt: Date | null): boolean {
    if (!options.revokeTokensOnPasswordChange || !changedAt) return false;
    // `iat` has a resolution of seconds: a token issued in the second of the change still works.
    return typeof payload.iat !== 'number' || payload.iat < Math.floor(changedAt.getTime() / 1000);
  }

  async function authenticateToken(token: string, loadUser: UserLoader = identity.findActiveUserById) {
    const unverified = decodeUnverified(token);
    if (!unverified) throw errors.unauthorized();
    const key = await keyFor(unverified);
    if (!key) throw errors.unauthorized();
    let payload: JWTPayload;
    try {
      payload = await verifyToken(token, key.secret);
    } catch {
      throw errors.unauthorized();
    }
    const principal = await principalFor(key, payload, loadUser);
    if (!principal) throw errors.unauthorized();
    return { payload, principal };
  }

  /** Verifies a known user's password, counted by the throttle; identical concurrent checks share one. */
  function passwordMatches(user: { email: string; password_hash: string }, password: string, ip: string) {
    const key = `${createHash('sha256').update(`${user.email}:${password}`).digest('base64')} ${ip}`;
    let check = checksInFlight.get(key);
    if (!check) {
      check = verifyCounted(user, password, ip).finally(() => checksInFlight.delete(key));
      checksInFlight.set(key, check);
    }
    return check;
  }

  async function verifyCounted(user: { email: string; password_hash: string }, password: string, ip: string) {
    await throttle.attempt(user.email, ip);
    if (!(await verifyPassword(user.password_hash, password))) return false;
    await throttle.succeeded(user.email, ip);
    return true;
  }

  async function checkPassword(email: string, password: string, ip: string) {
    const user = await identity.findActiveUserByEmail(email);
    if (!user) return undefined;
    return (await passwordMatches(user, password, ip)) ? toUserPrincipal(user) : false;
  }

  async function authenticateBasic(encoded: string, ip: string): Promise<Principal> {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw errors.unauthorized();
    const email = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const user = await identity.findActiveUserByEmail(email);
    if (!user) throw errors.unauthorized();

    const key = createHash('sha256').update(decoded).digest('base64');
    const cached = basicCache.get(key);
    if (cached && cached.expires > Date.now() && cached.passwordHash === user.password_hash) {
      return toUserPrincipal(user);
    }
    if (!(await passwordMatches(user, password, ip))) throw errors.unauthorized();
    if (basicCache.size >= BASIC_CACHE_MAX) basicCache.clear();
    basicCache.set(key, { passwordHash: user.password_hash, expires: Date.now() + BASIC_CACHE_TTL_MS });
    return toUserPrincipal(user);
  }

  async function authenticate(header: string | undefined, ip: string, loadUser?: UserLoader) {
    const match = header ? /^\s*(\w+)\s+(.+?)\s*$/.exec(header) : null;
    if (!match) throw errors.unauthorized();
    // Both groups are not optional: they participate in every match.
    const scheme = match[1]!.toLowerCase();
    const credentials = match[2]!;
    if (scheme === 'basic') return authenticateBasic(credentials, ip);
    if (scheme === 'jwt' || scheme === 'bearer') return (await authenticateToken(credentials, loadUser)).principal;
    throw errors.unauthorized();
  }

  return {
    authenticate: (header, ip) => authenticate(header, ip),
    async authenticateMember(header, ip, projectId) {
      let joined: { membership: ProjectUserRow | undefined } | undefined;
      const principal = await authenticate(header, ip, async (id) => {
        const found = await identity.findActiveUserWithMembership(id, projectId);
        joined = { membership: found?.membership };
        return found?.user;
      });
      const membership = joined ? joined.membership : await identity.findActiveMembership(projectId, principal);
      return { principal, membership };
    },
    authenticateToken: (token) => authenticateToken(token),
    checkPassword,
  };
}

function toUserPrincipal(user: {
  id: string;
  email: string;
  firstname: string | null;
  lastname: string | null;
  emailverified: boolean;
}): UserPrincipal {
  return {
    kind: 'user',
    id: user.id,
    email: user.email,
    firstname: user.firstname,
    lastname: user.lastname,
    fullName: fullNameOf(user.firstname, user.lastname),
    emailverified: user.emailverified,
  };
}
