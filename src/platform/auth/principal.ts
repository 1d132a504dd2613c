/**
 * Who is calling. Tiledesk distinguishes five kinds by the token's `sub`: registered users,
 * anonymous guests and external users (known only by the id in their token, never stored as
 * users), bots (authenticated with their own secret) and webhook subscriptions.
 */
export type Principal = UserPrincipal | EndUserPrincipal | BotPrincipal | SubscriptionPrincipal;

export interface UserPrincipal {
  kind: 'user';
  id: string;
  email: string;
  firstname: string | null;
  lastname: string | null;
  fullName: string;
  emailverified: boolean;
}

/** Anonymous visitors (`guest`) and users authenticated by the customer's backend (`userexternal`). */
export interface EndUserPrincipal {
  kind: 'guest' | 'userexternal';
  id: string;
  fullName: string;
  /** The verified token payload: firstname, lastname, email, attributes and custom claims. */
  claims: Record<string, unknown>;
  /**
   * The project whose key signed the token (a custom token): the identity exists in that project
   * only. Undefined for the server's own anonymous guests (signed with the global secret).
   */
  projectId?: string;
}

export interface BotPrincipal {
  kind: 'bot';
  /** The bot's id; as a message sender it appears as `bot_<id>`. */
  id: string;
  projectId: string;
  fullName: string;
}

export interface SubscriptionPrincipal {
  kind: 'subscription';
  id: string;
  projectId: string;
  fullName: string;
}

export function fullNameOf(firstname: unknown, lastname: unknown): string {
  return [firstname, lastname].filter((part) => typeof part === 'string' && part !== '').join(' ');
}

/** The id under which this principal appears as a sender, creator or participant. */
export function actorId(principal: Principal): string {
  return principal.kind === 'bot' ? `bot_${principal.id}` : principal.id;
}
