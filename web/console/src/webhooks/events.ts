/**
 * The event names offered when subscribing (the server's list, README "Webhooks"); the field also
 * takes the parametric names (`event.emit.<name>` ...) and wildcards (`request.*`, `*`), which the
 * server checks.
 */
export const SUGGESTED_EVENTS = [
  'request.create',
  'request.update',
  'request.close',
  'request.*',
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
  'project.update',
  'project.delete',
  '*',
];
