/**
 * The resthook events Tiledesk documents (reference §7), which a webhook subscription may name:
 * the one list, imported as it is by the server (src/modules/subscriptions/subscription-events.ts)
 * and by the console (its suggestions when subscribing). Plain JavaScript without imports so that
 * both can; its type is in webhook-events.d.ts.
 */
export const KNOWN_EVENTS = Object.freeze([
  'request.create',
  'request.update',
  'request.close',
  'message.create',
  'lead.create',
  'project_user.update',
  'project_user.update.agent',
  'project_user.invite',
  'project_user.delete',
  'faqbot.create',
  'faqbot.update',
  'faqbot.delete',
  'faq.create',
  'faq.update',
  'faq.delete',
  'department.create',
  'department.update',
  'department.delete',
  'group.create',
  'group.update',
  'group.delete',
  'event.emit',
  'project.create',
  'project.update',
  'project.downgrade',
  'project.delete',
]);
