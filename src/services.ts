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
import { createIntentsService } from './modules/intents/intents.service.js';
import { createLeadsService } from './modules/leads/leads.service.js';
import { createTagsService } from './modules/tags/tags.service.js';
import { createCannedResponsesService } from './modules/canned/canned.service.js';
import { createFilesService } from './modules/files/files.service.js';
import { createEventsService } from './modules/events/events.service.js';
import { createWidgetsService } from './modules/widgets/widgets.service.js';
import { createLabelsService } from './modules/labels/labels.service.js';
import { createUrlPreviewService } from './modules/url-preview/url-preview.service.js';
import { createSubscriptionsService } from './modules/subscriptions/subscriptions.service.js';
import { createWebhookDelivery, WEBHOOK_JOB } from './modules/subscriptions/webhook-delivery.js';
import { createConversationsService } from './modules/conversations/conversations.service.js';
import { createBotEngine } from './modules/bot-engine/bot-engine.service.js';
import { createEmailService, EMAIL_JOB } from './modules/email/email.service.js';
import { createAccountLinks } from './modules/auth/account-links.service.js';
import { createInvitationEmails } from './modules/project-users/invitation-emails.js';
import { createConversationEmails } from './modules/email/conversation-emails.js';
import { createAutoClose } from './modules/automations/auto-close.service.js';
import { createAnalyticsService } from './modules/analytics/analytics.service.js';
import { createTriggersService } from './modules/triggers/triggers.service.js';
import { createTriggerRunner, TRIGGER_JOB } from './modules/triggers/trigger-runner.js';
import { createActivitiesService } from './modules/activities/activities.service.js';

export function createServices(platform: Platform) {
  const users = createUsersService(platform);
  const groups = createGroupsService(platform);
  // Bots and their intents need each other; each reaches the other through its service, and the
  // projects service (created later) is only called at request time.
  const intents = createIntentsService(platform, {
    findBot: (projectId, botId) => bots.findById(projectId, botId),
    findBots: (projectId, botIds) => bots.findByIds(projectId, botIds),
  });
  const bots = createBotsService(platform, { intents, findLiveProject: (id) => projects.findLive(id) });
  const leads = createLeadsService(platform);
  // The outbox: every email of every area is queued here, delivered by its job.
  const email = createEmailService(platform, { findProject: (id) => projects.findLive(id) });
  platform.jobs.register(EMAIL_JOB, email.handler);
  const projectUsers = createProjectUsersService(platform, {
    users,
    groups,
    invitations: { invited: (invitation) => invitationEmails.invited(invitation) },
  });
  const departments = createDepartmentsService(platform, {
    groups,
    botExists: (projectId, botId) => bots.exists(projectId, botId),
  });
  const projects = createProjectsService(platform, { projectUsers, departments, groups });
  const accountLinks = createAccountLinks(platform, { users, projectUsers, email });
  const invitationEmails = createInvitationEmails(platform, {
    users,
    email,
    verificationLink: (userId) => accountLinks.verificationLink(userId),
  });
  const auth = createAuthService(platform, { users, projectUsers, projects, accountLinks });
  const tags = createTagsService(platform);
  const canned = createCannedResponsesService(platform);
  const files = createFilesService(platform);
  const events = createEventsService(platform);
  const widgets = createWidgetsService({ projects, departments, bots });
  const labels = createLabelsService(platform);
  const urlPreview = createUrlPreviewService(platform);
  const subscriptions = createSubscriptionsService(platform);
  const analytics = createAnalyticsService(platform);

  // Every emitted event queues its webhook deliveries inside the transaction that emitted it.
  const webhooks = createWebhookDelivery(platform);
  platform.events.stage(webhooks.stage);
  platform.jobs.register(WEBHOOK_JOB, webhooks.handler);

  // The audit trail: an activity is recorded in the transaction of the change it records.
  const activities = createActivitiesService(platform, { users });
  platform.events.stage(activities.stage);

  const conversations = createConversationsService(platform, {
    users,
    leads,
    departments,
    projectUsers,
    bots,
    projects,
    groups,
  });

  // Conversations' emails (agents' notifications, visitors' replies and transcripts) are queued
  // inside the transaction that caused them.
  const conversationEmails = createConversationEmails(platform, {
    email,
    projectUsers,
    findProject: (id) => projects.findLive(id),
  });
  platform.events.stage(conversationEmails.stage);

  const autoClose = createAutoClose(platform, { conversations, findProject: (id) => projects.findLive(id) });

  // A message for a bot queues its answer (or delivery) inside the transaction that stored it.
  const botEngine = createBotEngine(platform, { bots, intents, projects, conversations });
  platform.events.stage(botEngine.stage);
  for (const [kind, handler] of Object.entries(botEngine.handlers)) platform.jobs.register(kind, handler);

  // Triggers: a new project gets the defaults, and matching events queue their runs, inside the
  // transaction that emitted them; the runs happen after commit, as jobs.
  const triggers = createTriggersService(platform);
  const triggerRunner = createTriggerRunner(platform, {
    triggers,
    conversations,
    labels,
    projectUsers,
    bots,
    findProject: (id) => projects.findLive(id),
    isOpen: (project) => projects.isOpen(project),
  });
  platform.events.stage(triggerRunner.stage);
  platform.jobs.register(TRIGGER_JOB, triggerRunner.handler);
  return {
    users,
    email,
    accountLinks,
    conversationEmails,
    autoClose,
    analytics,
    activities,
    groups,
    bots,
    intents,
    leads,
    projectUsers,
    departments,
    projects,
    auth,
    tags,
    canned,
    files,
    events,
    widgets,
    labels,
    urlPreview,
    subscriptions,
    conversations,
    botEngine,
    triggers,
  };
}

export type Services = ReturnType<typeof createServices>;
