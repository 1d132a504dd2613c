/**
 * Conversations opened by visitors (an end user's first message to a new request id) count
 * against a per-visitor and a per-project limit (RATE_LIMIT_CONVERSATIONS_*): each one is a
 * request row, a routing decision and a line in every agent's inbox. The team, bots and
 * subscriptions (imports included) are not counted.
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import type { RateLimits } from '../../platform/http/rate-limits.js';
import { callerOf } from './caller.js';
import { isEndUser } from '../../platform/auth/policies.js';

export function limitNewConversations({ services }: AppContext, limits: RateLimits) {
  return async (request: FastifyRequest): Promise<void> => {
    const caller = callerOf(request);
    if (!isEndUser(caller.membership)) return;
    const project = projectOf(request);
    const requestId = (request.params as { request_id: string }).request_id;
    // Posting into one's own conversation opens nothing; a request of someone else's is refused later.
    if (await services.conversations.canFollow(project, caller, requestId)) return;
    await limits.hit('conversationsPerVisitor', `${project.id}:${caller.principal.id}`);
    await limits.hit('conversationsPerProject', project.id);
  };
}
