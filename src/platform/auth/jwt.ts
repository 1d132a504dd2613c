/**
 * JSON Web Tokens as Tiledesk issues and accepts them: HS256, `iss`/`aud` "https://tiledesk.com",
 * a `sub` naming the kind of principal, a `jti`, and (by default) no expiry.
 * Audiences of the form https://<host>/{bots|projects|subscriptions}/<id> select which secret
 * verifies the token, and that choice also bounds whom the token may name (see ./authenticate.ts).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';

const TILEDESK_ISSUER = 'https://tiledesk.com';

export type TokenSubject = 'user' | 'guest' | 'userexternal' | 'bot' | 'subscription';

export interface SignOptions {
  secret: string;
  subject: TokenSubject;
  audience?: string;
  expiresInSeconds?: number;
}

const encoder = new TextEncoder();

export async function signToken(payload: Record<string, unknown>, options: SignOptions): Promise<string> {
  const jwt = new SignJWT({ ...stripRegisteredClaims(payload) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setIssuer(TILEDESK_ISSUER)
    .setAudience(options.audience ?? TILEDESK_ISSUER)
    .setSubject(options.subject)
    .setJti(randomUUID());
  if (options.expiresInSeconds) jwt.setExpirationTime(`${options.expiresInSeconds}s`);
  return jwt.sign(encoder.encode(options.secret));
}

export async function verifyToken(token: string, secret: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, encoder.encode(secret), { algorithms: ['HS256'] });
  return payload;
}

/** Why a token failed verification, as jsonwebtoken (Tiledesk's library) names it. */
export interface TokenFailure {
  name: 'JsonWebTokenError' | 'TokenExpiredError' | 'NotBeforeError';
  message: string;
  expiredAt?: string;
  date?: string;
}

/** verifyToken, answering jsonwebtoken's `{name, message}` instead of throwing. */
export async function verifyTokenOrExplain(
  token: string,
  secret: string,
): Promise<{ payload: JWTPayload } | { failure: TokenFailure }> {
  try {
    return { payload: await verifyToken(token, secret) };
  } catch (error) {
    return { failure: explain(error) };
  }
}

function explain(error: unknown): TokenFailure {
  const at = (seconds: unknown) => (typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : undefined);
  if (error instanceof joseErrors.JWTExpired) {
    return { name: 'TokenExpiredError', message: 'jwt expired', expiredAt: at(error.payload.exp) };
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf') {
    return { name: 'NotBeforeError', message: 'jwt not active', date: at(error.payload.nbf) };
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return { name: 'JsonWebTokenError', message: 'invalid signature' };
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return { name: 'JsonWebTokenError', message: 'invalid algorithm' };
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) {
    return { name: 'JsonWebTokenError', message: 'jwt malformed' };
  }
  return { name: 'JsonWebTokenError', message: 'invalid token' };
}

/**
 * Signs `claims` as given (no issuer, audience or subject added), HS256, issued now and expiring
 * in `expiresInSeconds`: a customer's own token, as Tiledesk's `generatetestjwt` makes it.
 */
export function signClaims(claims: Record<string, unknown>, secret: string, expiresInSeconds: number): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(`${expiresInSeconds}s`)
    .sign(encoder.encode(secret));
}

/** The claims without checking the signature: only to choose the verification key. */
export function decodeUnverified(token: string): JWTPayload | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

export type AudienceKind = 'bots' | 'projects' | 'subscriptions';

/** "https://tiledesk.com/projects/<id>" -> {kind:'projects', id}; any host is accepted. */
export function parseAudience(aud: JWTPayload['aud']): { kind: AudienceKind; id: string } | undefined {
  const value = Array.isArray(aud) ? aud[0] : aud;
  if (typeof value !== 'string') return undefined;
  const match = /\/(bots|projects|subscriptions)\/([^/?#]+)\/?$/.exec(value);
  if (!match) return undefined;
  try {
    return { kind: match[1] as AudienceKind, id: decodeURIComponent(match[2]!) }; // group 2 is not optional
  } catch {
    // A malformed % escape: not an id of ours. Answering `undefined` would fall back to the global
    // secret, which is still safe (the token was not signed with it), but say so explicitly.
    return { kind: match[1] as AudienceKind, id: '' };
  }
}

export function audienceFor(kind: AudienceKind, id: string): string {
  return `${TILEDESK_ISSUER}/${kind}/${id}`;
}

/** "JWT <jwt>" is how tokens travel in Tiledesk responses and headers. */
export function withJwtPrefix(token: string): string {
  return /^jwt /i.test(token) ? token : `JWT ${token}`;
}

function stripRegisteredClaims(payload: Record<string, unknown>): Record<string, unknown> {
  const { iat: _iat, exp: _exp, nbf: _nbf, iss: _iss, aud: _aud, sub: _sub, jti: _jti, ...rest } = payload;
  return rest;
}
