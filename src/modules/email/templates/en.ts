/**
 * English emails: Handlebars sources over the data of email-kinds.ts. Each says what happened, the
 * one thing to do about it, and (in `footers`, which the layout and the text's signature show) why
 * the recipient gets it.
 */
import type { EmailKind, EmailTemplate } from '../email-kinds.js';
import { button, detailLines, details, fallbackLink, muted, nameOf, paragraph, quote, transcript } from './layout.js';

const requestRows: [string, string][] = [
  ['From', 'request.requester.fullName'],
  ['Email', 'request.requester.email'],
  ['Department', 'request.departmentName'],
  ['Subject', 'request.subject'],
  ['Page', 'request.sourcePage'],
  ['Ticket', 'request.ticketId'],
];

const firstTextHtml = `{{#if request.firstText}}${quote('{{multiline request.firstText}}')}{{/if}}`;
const firstTextText = `{{#if request.firstText}}
{{request.firstText}}

{{/if}}`;

const buttonFallback = 'If the button doesn’t work, paste this link into your browser:';

export const templates: Record<EmailKind, EmailTemplate> = {
  verify: {
    subject: 'Confirm your email address for Parley',
    html: [
      paragraph(`Hi ${nameOf('user')},`),
      paragraph('Welcome to Parley! Please confirm your email address so we know it’s really you.'),
      button('{{url}}', 'Confirm email address'),
      paragraph('This link expires in {{duration expiresInMinutes}}.'),
      fallbackLink(buttonFallback, '{{url}}'),
    ].join('\n'),
    text: `Hi ${nameOf('user')},

Welcome to Parley! Please confirm your email address by opening this link:

{{url}}

This link expires in {{duration expiresInMinutes}}.`,
  },

  resetPassword: {
    subject: 'Reset your Parley password',
    html: [
      paragraph(`Hi ${nameOf('user')},`),
      paragraph(
        'We received a request to reset the password of your Parley account{{#if user.email}} ({{user.email}}){{/if}}. Choose a new one here:',
      ),
      button('{{url}}', 'Choose a new password'),
      paragraph(
        'This link expires in {{duration expiresInMinutes}}. If you didn’t ask for a new password, you can ignore this email: your current one keeps working.',
      ),
      fallbackLink(buttonFallback, '{{url}}'),
    ].join('\n'),
    text: `Hi ${nameOf('user')},

We received a request to reset the password of your Parley account{{#if user.email}} ({{user.email}}){{/if}}. Choose a new one here:

{{url}}

This link expires in {{duration expiresInMinutes}}. If you didn’t ask for a new password, you can ignore this email: your current one keeps working.`,
  },

  passwordChanged: {
    subject: 'Your Parley password was changed',
    html: [
      paragraph(`Hi ${nameOf('user')},`),
      paragraph(
        'The password of your Parley account{{#if user.email}} ({{user.email}}){{/if}} was just changed. If you did this, there’s nothing else to do.',
      ),
      paragraph(
        '<strong>If you didn’t</strong>, someone else may have access to your account: reset your password right away from the sign-in page.',
      ),
      button('{{signinUrl}}', 'Go to sign-in'),
    ].join('\n'),
    text: `Hi ${nameOf('user')},

The password of your Parley account{{#if user.email}} ({{user.email}}){{/if}} was just changed. If you did this, there’s nothing else to do.

If you didn’t, someone else may have access to your account: reset your password right away from the sign-in page:

{{signinUrl}}`,
  },

  beenInvitedExistingUser: {
    subject: '[{{project.name}}] {{inviter.fullName}} added you to the team',
    html: [
      paragraph('Hi,'),
      paragraph(
        '{{inviter.fullName}} added you to the <strong>{{project.name}}</strong> team on Parley as {{roleName role}}. Sign in with your existing account to start answering conversations.',
      ),
      button('{{url}}', 'Open {{project.name}}'),
    ].join('\n'),
    text: `Hi,

{{inviter.fullName}} added you to the {{project.name}} team on Parley as {{roleName role}}. Sign in with your existing account to start answering conversations:

{{url}}`,
  },

  beenInvitedNewUser: {
    subject: '[{{project.name}}] {{inviter.fullName}} invited you to join the team',
    html: [
      paragraph('Hi,'),
      paragraph(
        '{{inviter.fullName}} invited you to join the <strong>{{project.name}}</strong> team on Parley as {{roleName role}}. To accept, create your account with this address ({{email}}).',
      ),
      button('{{url}}', 'Accept the invitation'),
      fallbackLink(buttonFallback, '{{url}}'),
    ].join('\n'),
    text: `Hi,

{{inviter.fullName}} invited you to join the {{project.name}} team on Parley as {{roleName role}}. To accept, create your account with this address ({{email}}):

{{url}}`,
  },

  assignedRequest: {
    subject: '[{{project.name}}] New conversation assigned to you',
    html: [
      paragraph(`Hi ${nameOf('agent')},`),
      paragraph('A conversation with <strong>{{request.requester.fullName}}</strong> was assigned to you.'),
      details(requestRows),
      firstTextHtml,
      button('{{request.url}}', 'Open the conversation'),
    ].join('\n'),
    text: `Hi ${nameOf('agent')},

A conversation with {{request.requester.fullName}} was assigned to you.

${detailLines(requestRows)}

${firstTextText}
Open the conversation:
{{request.url}}`,
  },

  pooledRequest: {
    subject:
      '[{{project.name}}] New conversation waiting{{#if request.departmentName}} in {{request.departmentName}}{{/if}}',
    html: [
      paragraph(`Hi ${nameOf('agent')},`),
      paragraph(
        '<strong>{{request.requester.fullName}}</strong> started a conversation{{#if request.departmentName}} in {{request.departmentName}}{{/if}} and is waiting for an agent. Whoever takes it first gets it.',
      ),
      details(requestRows),
      firstTextHtml,
      button('{{request.url}}', 'Take the conversation'),
    ].join('\n'),
    text: `Hi ${nameOf('agent')},

{{request.requester.fullName}} started a conversation{{#if request.departmentName}} in {{request.departmentName}}{{/if}} and is waiting for an agent. Whoever takes it first gets it.

${detailLines(requestRows)}

${firstTextText}
Take the conversation:
{{request.url}}`,
  },

  newMessageFollower: {
    subject: '[{{project.name}}] New message from {{message.senderFullname}}',
    html: [
      paragraph(`Hi ${nameOf('agent')},`),
      paragraph(
        '{{message.senderFullname}} wrote in a conversation you follow{{#if request.requester.fullName}} (with {{request.requester.fullName}}){{/if}}:',
      ),
      quote('{{multiline message.text}}'),
      button('{{request.url}}', 'Reply'),
    ].join('\n'),
    text: `Hi ${nameOf('agent')},

{{message.senderFullname}} wrote in a conversation you follow{{#if request.requester.fullName}} (with {{request.requester.fullName}}){{/if}}:

{{message.text}}

Reply:
{{request.url}}`,
  },

  newMessage: {
    subject: '[{{project.name}}] New reply from {{message.senderFullname}}',
    html: [
      paragraph(`Hi ${nameOf('visitor')},`),
      paragraph('{{message.senderFullname}} from {{project.name}} replied to your conversation:'),
      quote('{{multiline message.text}}'),
      button('{{transcriptUrl}}', 'View the conversation'),
    ].join('\n'),
    text: `Hi ${nameOf('visitor')},

{{message.senderFullname}} from {{project.name}} replied to your conversation:

{{message.text}}

View the conversation:
{{transcriptUrl}}`,
  },

  sendTranscript: {
    subject: '[{{project.name}}] Conversation transcript{{#if request.ticketId}} #{{request.ticketId}}{{/if}}',
    html: [
      paragraph(
        'Here’s the transcript of your conversation with {{project.name}}{{#if request.subject}} about “{{request.subject}}”{{/if}}. Times are in {{timeZone}}.',
      ),
      transcript('visitor'),
      `{{#if omitted}}${paragraph(
        '{{#plural omitted}}One more message isn’t{{else}}{{omitted}} more messages aren’t{{/plural}} included in this email. The full conversation is online:',
      )}{{/if}}`,
      button('{{transcriptUrl}}', 'View the full transcript'),
    ].join('\n'),
    text: `Here’s the transcript of your conversation with {{project.name}}{{#if request.subject}} about “{{request.subject}}”{{/if}}. Times are in {{timeZone}}.

{{#each messages}}
{{senderFullname}}{{#if fromVisitor}} (visitor){{/if}} · {{date createdAt @root.timeZone}}
{{text}}

{{/each}}
{{#if omitted}}
{{#plural omitted}}One more message isn’t{{else}}{{omitted}} more messages aren’t{{/plural}} included in this email. The full conversation is online:
{{else}}
View the full transcript:
{{/if}}
{{transcriptUrl}}`,
  },

  emailDirect: {
    subject: '[{{project.name}}] {{subject}}',
    html: [
      paragraph('{{multiline text}}'),
      muted(
        'This message is about your conversation with {{project.name}}{{#if request.ticketId}} (ticket #{{request.ticketId}}){{/if}}.',
      ),
    ].join('\n'),
    text: `{{text}}

This message is about your conversation with {{project.name}}{{#if request.ticketId}} (ticket #{{request.ticketId}}){{/if}}.`,
  },

  test: {
    subject: '{{#if project}}[{{project.name}}] {{/if}}Parley test email',
    html: [
      paragraph('<strong>It works!</strong>'),
      paragraph(
        'This test email shows that the email settings{{#if project}} of {{project.name}}{{/if}} are correct: Parley can send email through your SMTP server. There’s nothing else to do.',
      ),
    ].join('\n'),
    text: `It works!

This test email shows that the email settings{{#if project}} of {{project.name}}{{/if}} are correct: Parley can send email through your SMTP server. There’s nothing else to do.`,
  },
};

/** Why the recipient gets each email: the layout's footer and the text's signature. */
export const footers: Record<EmailKind, string> = {
  verify:
    'You’re receiving this email because this address was used to sign up for Parley. If that wasn’t you, you can ignore it.',
  resetPassword: 'You’re receiving this email because a password reset was requested for your Parley account.',
  passwordChanged: 'You’re receiving this security notice because the password of your Parley account changed.',
  beenInvitedExistingUser:
    'You’re receiving this email because {{inviter.fullName}} added this address to {{project.name}} on Parley.',
  beenInvitedNewUser:
    'You’re receiving this email because {{inviter.fullName}} invited this address to {{project.name}} on Parley.',
  assignedRequest:
    'You’re receiving this email because you’re a member of {{project.name}} on Parley and this conversation was assigned to you.',
  pooledRequest:
    'You’re receiving this email because you’re an agent of {{project.name}}{{#if request.departmentName}} in {{request.departmentName}}{{/if}} on Parley.',
  newMessageFollower:
    'You’re receiving this email because you follow this conversation in {{project.name}} and were offline when the message arrived.',
  newMessage: 'You’re receiving this email because you started a conversation with {{project.name}}.',
  sendTranscript: 'You’re receiving this email because of a conversation with {{project.name}}.',
  emailDirect: 'You’re receiving this email because you contacted {{project.name}}.',
  test: 'You’re receiving this email because someone tested the email settings{{#if project}} of {{project.name}}{{/if}} on Parley.',
};

/** Project roles as "… as {{roleName role}}" reads them; an unknown role is shown as it is. */
export const roleNames: Record<string, string> = {
  owner: 'an owner',
  admin: 'an administrator',
  supervisor: 'a supervisor',
  agent: 'an agent',
};
