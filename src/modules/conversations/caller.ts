/** The caller of a guarded route, as the requests and messages services take it. */
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../../platform/auth/guards.js';
import type { Caller } from './requests-create.js';

export function callerOf(request: FastifyRequest): Caller {
  return { principal: principalOf(request), membership: request.projectUser };
}
