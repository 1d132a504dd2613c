/**
 * The composition root of the domain: every area's service, created in dependency order.
 * An area reaches another only through the service it is handed here.
 */
import type { Platform } from './platform/context.js';
import { createUsersService } from './modules/users/users.service.js';
import { createGroupsService } from './modules/groups/groups.service.js';
import { createProjectUsersService } from './modules/project-users/project-users.service.js';
import { createDepartmentsService } from './modules/departments/departments.service.js';
import { createProjectsService } from './modules/projects/projects.service.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { createBotsService } from './modules/bots/bots.service.js';
import { createLeadsService } from './modules/leads/leads.service.js';
import { createMessagesService } from './modules/messages/messages.service.js';
import { createRequestsService } from './modules/requests/requests.service.js';
import { createMessagingService } from './modules/messages/messaging.service.js';
import { createMessageImport } from './modules/messages/messages-multi.js';

export function createServices(platform: Platform) {
  const users = createUsersService(platform.db);
  const groups = createGroupsService(platform);
  const bots = createBotsService(platform);
  const leads = createLeadsService(platform);
  const projectUsers = createProjectUsersService(platform, { users, groups });
  const departments = createDepartmentsService(platform, {
    groups,
    botExists: (projectId, botId) => bots.exists(projectId, botId),
  });
  const projects = createProjectsService(platform, { projectUsers, departments, groups });
  const auth = createAuthService(platform, { users, projectUsers, projects });
  const messages = createMessagesService(platform);
  const requests = createRequestsService(platform, {
    users,
    leads,
    departments,
    projectUsers,
    bots,
    projects,
    groups,
    messages,
  });
  const messaging = createMessagingService(platform, { requests, messages });
  const messageImport = createMessageImport(platform, { requests, messages });
  return {
    users,
    groups,
    bots,
    leads,
    projectUsers,
    departments,
    projects,
    auth,
    messages,
    requests,
    messaging,
    messageImport,
  };
}

export type Services = ReturnType<typeof createServices>;
