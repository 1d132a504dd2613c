/**
 * The email an invited address gets. An account with a verified address is a member already and
 * is told so; an account whose address is not verified gets a verification link (verifying joins
 * it to the project); an address without an account gets a link to sign up with it.
 */
import type { Platform } from '../../platform/context.js';
import { emailLinks, personOf, projectOf, type EmailService, type PersonView } from '../email/email.service.js';
import type { UsersService } from '../users/users.service.js';
import type { InvitationNotifier } from './invitations.js';

export interface InvitationEmailsDeps {
  users: UsersService;
  email: EmailService;
  /** A fresh verification link for the account (auth/account-links.service.ts). */
  verificationLink: (userId: string) => Promise<string>;
}

export function createInvitationEmails(platform: Platform, deps: InvitationEmailsDeps): InvitationNotifier {
  const links = emailLinks(platform.config.publicUrl);
  return {
    async invited({ project, inviterId, email, role, user }) {
      const [inviterRow] = await deps.users.findUsersByIds([inviterId]);
      // A bot or a subscription may invite: the project speaks then.
      const inviter: PersonView = inviterRow ? personOf(inviterRow) : { fullName: project.name };
      const base = { project, to: email, ...(user && { userId: user.id }) };
      if (!user) {
        await deps.email.queue({
          ...base,
          kind: 'beenInvitedNewUser',
          data: { inviter, project: projectOf(project), role, email, url: links.signup(email) },
        });
        return;
      }
      const url = user.emailverified ? links.project(project.id) : await deps.verificationLink(user.id);
      await deps.email.queue({
        ...base,
        kind: 'beenInvitedExistingUser',
        languages: [user.language],
        data: { inviter, project: projectOf(project), role, url },
      });
    },
  };
}
