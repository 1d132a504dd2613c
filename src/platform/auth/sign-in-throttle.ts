/**
 * Limits password guessing: at most `maxAttempts` password checks per account and client address
 * in a window of `windowSeconds`; past that, the check is refused (429) without verifying
 * anything until the window ends. A correct password clears the count.
 *
 * The attempt is counted *before* the password is verified, in one atomic upsert, so a burst of
 * parallel guesses cannot all slip under the limit. Keying by address as well as email means a
 * stranger cannot lock a user out of their own account from elsewhere (behind a load balancer,
 * set TRUST_PROXY so the address is the client's, not the balancer's).
 */
import { sql } from 'kysely';
import type { Connection } from '../db/unit-of-work.js';
import { errors } from '../errors.js';

export interface SignInThrottleOptions {
  /** Password checks allowed per window; 0 turns the throttle off. */
  maxAttempts: number;
  windowSeconds: number;
}

export interface SignInThrottle {
  /** Counts a password check about to happen; throws 429 when the window's allowance is used up. */
  attempt(email: string, ip: string): Promise<void>;
  /** The password was right: the count starts again. */
  succeeded(email: string, ip: string): Promise<void>;
}

export function createSignInThrottle(connection: Connection, options: SignInThrottleOptions): SignInThrottle {
  const { maxAttempts, windowSeconds } = options;
  let lastSweep = 0;

  /** Drops ended windows, at most once a window per instance (the table only holds recent guesses). */
  async function sweep(): Promise<void> {
    if (Date.now() - lastSweep < windowSeconds * 1000) return;
    lastSweep = Date.now();
    await sql`DELETE FROM sign_in_attempts WHERE window_started_at < now() - make_interval(secs => ${windowSeconds})`.execute(
      connection(),
    );
  }

  if (maxAttempts === 0) return { attempt: async () => {}, succeeded: async () => {} };

  return {
    async attempt(email, ip) {
      await sweep();
      const ended = sql`sign_in_attempts.window_started_at < now() - make_interval(secs => ${windowSeconds})`;
      const { rows } = await sql<{ attempts: number; retry_after: number }>`
        INSERT INTO sign_in_attempts (email, ip, attempts) VALUES (${email}, ${ip}, 1)
        ON CONFLICT (email, ip) DO UPDATE SET
          attempts = CASE WHEN ${ended} THEN 1 ELSE sign_in_attempts.attempts + 1 END,
          window_started_at = CASE WHEN ${ended} THEN now() ELSE sign_in_attempts.window_started_at END
        RETURNING attempts,
          ceil(extract(epoch FROM window_started_at + make_interval(secs => ${windowSeconds}) - now()))::integer
            AS retry_after
      `.execute(connection());
      const [counted] = rows;
      if (!counted) throw new Error('sign-in throttle: the upsert returned no row');
      if (counted.attempts > maxAttempts) throw errors.tooManySignInAttempts(Math.max(1, counted.retry_after));
    },

    async succeeded(email, ip) {
      await connection().deleteFrom('sign_in_attempts').where('email', '=', email).where('ip', '=', ip).execute();
    },
  };
}
