/**
 * Every kind of email Parley sends, and the data its templates receive. The kind names are
 * Tiledesk's template ids (its `template/email/<id>.html`, `settings.email.templates.<id>` and
 * `GET /:project_id/emails/templates/:id`), so a project's overrides keep their keys.
 */

export const EMAIL_LANGUAGES = ['en', 'it'] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];

/** A person as a template shows them. */
export interface PersonView {
  fullName: string;
  firstname?: string;
  lastname?: string;
  email?: string;
}

export interface ProjectView {
  id: string;
  name: string;
}

/** A conversation as a notification shows it. */
export interface RequestView {
  requestId: string;
  /** Tiledesk's ticket number, when the conversation has one. */
  ticketId?: number;
  subject?: string;
  firstText?: string;
  departmentName?: string;
  requester: PersonView;
  /** The page the visitor wrote from. */
  sourcePage?: string;
  /** Where an agent opens the conversation (the console). */
  url: string;
}

export interface MessageView {
  senderFullname: string;
  text: string;
  /** ISO 8601. */
  createdAt: string;
  /** Whether the visitor wrote it (transcripts align their messages differently). */
  fromVisitor: boolean;
}

export interface EmailData {
  /** Sign-up: prove the address (PUT /auth/verifyemail/:userid/:code through `url`). */
  verify: { user: PersonView; url: string; expiresInMinutes: number };
  /** PUT /auth/requestresetpsw: choose a new password through `url`. */
  resetPassword: { user: PersonView; url: string; expiresInMinutes: number };
  /** After a reset or a change: the password of this account was changed. */
  passwordChanged: { user: PersonView; signinUrl: string };
  /** Invited to a project while already having an account. */
  beenInvitedExistingUser: { inviter: PersonView; project: ProjectView; role: string; url: string };
  /** Invited to a project with an address that has no account yet: sign up (and verify) to join. */
  beenInvitedNewUser: { inviter: PersonView; project: ProjectView; role: string; email: string; url: string };
  /** To an agent: a conversation was assigned to them. */
  assignedRequest: { agent: PersonView; project: ProjectView; request: RequestView };
  /** To an agent: a conversation waits in the pool of their department. */
  pooledRequest: { agent: PersonView; project: ProjectView; request: RequestView };
  /** To an agent who follows a conversation and is offline: a new message in it. */
  newMessageFollower: { agent: PersonView; project: ProjectView; request: RequestView; message: MessageView };
  /** To a visitor who left: the team answered. */
  newMessage: {
    visitor: PersonView;
    project: ProjectView;
    request: RequestView;
    message: MessageView;
    /** The conversation's public transcript. */
    transcriptUrl: string;
  };
  /** The whole conversation, when it closes or on demand. */
  sendTranscript: {
    project: ProjectView;
    request: RequestView;
    messages: MessageView[];
    /** Messages left out of the email (the oldest are kept); the transcript link has them all. */
    omitted: number;
    transcriptUrl: string;
    /** IANA zone the times are shown in (the project's office hours zone, else UTC). */
    timeZone: string;
  };
  /** POST /:project_id/requests/:request_id/email/send: an agent writes to the visitor. */
  emailDirect: { project: ProjectView; request: RequestView; subject: string; text: string };
  /** A test of SMTP settings. */
  test: { project?: ProjectView };
}

export type EmailKind = keyof EmailData;

export const EMAIL_KINDS = [
  'verify',
  'resetPassword',
  'passwordChanged',
  'beenInvitedExistingUser',
  'beenInvitedNewUser',
  'assignedRequest',
  'pooledRequest',
  'newMessageFollower',
  'newMessage',
  'sendTranscript',
  'emailDirect',
  'test',
] as const satisfies readonly EmailKind[];

/** Templates of one kind in one language: Handlebars sources. */
export interface EmailTemplate {
  subject: string;
  /** The body's HTML; the shared layout wraps it. */
  html: string;
  text: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** Parts of a project's override that could not be rendered (the default was sent instead). */
  warnings?: string[];
}

/**
 * A project's override of one kind (`settings.email.templates.<kind>`): a string is the HTML
 * (what Tiledesk stores), an object may set any of the three parts.
 */
export type TemplateOverride = string | Partial<EmailTemplate>;
