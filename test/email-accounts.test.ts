/**
 * Account emails against a real SMTP server: sign-up verification, password reset, invitations
 * accepted only by the owner of the address, the recipient's language. Links are followed as a
 * browser page would follow them: through the API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, basicAuth, newTenant, signup, uniqueEmail, verifyAddress } from './helpers/factories.js';
import { linkIn, startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { waitUntil } from './helpers/webhook-receiver.js';

const PUBLIC_URL = 'http://parley.test';

let t: TestApp;
let smtp: SmtpSink;

before(async () => {
  smtp = await startSmtpSink();
  t = await startTestApp({
    SMTP_URL: smtp.url,
    PUBLIC_URL,
    EMAIL_FROM: 'Parley <noreply@parley.test>',
    EMAIL_ACCOUNT_MAX_PER_HOUR: '3',
    PASSWORD_MIN_LENGTH: '8',
  });
});

after(async () => {
  await t.close();
  await smtp.close();
});

/** `#/verify/<userid>/<code>` of a verification link. */
function verifyParts(link: string): { userId: string; code: string } {
  const match = /#\/verify\/([^/]+)\/([^/?#\s]+)$/.exec(link);
  assert.ok(match, `not a verification link: ${link}`);
  return { userId: match[1]!, code: match[2]! };
}

async function verificationEmail(address: string) {
  return smtp.waitFor(
    (email) => email.to.includes(address) && email.text.includes('/account/#/verify/'),
    'verification',
  );
}

async function outboxOf(projectId: string, headers: Record<string, string>) {
  const response = await t.http('GET', `/${projectId}/emails`, { headers });
  assert.equal(response.status, 200, response.text);
  return response.body.emails as Array<Record<string, any>>;
}

describe('sign-up and email verification', () => {
  test('the verification email arrives, and its link verifies the address once', async () => {
    const email = uniqueEmail('verify');
    const user = await signup(t, { email });
    const me = await t.http('GET', '/users', { headers: user.jwt });
    assert.equal(me.body.emailverified, false);

    const message = await verificationEmail(email);
    assert.equal(message.from, '"Parley" <noreply@parley.test>');
    assert.deepEqual(message.to, [email]);
    assert.match(message.messageId, /@parley\.test>$/);
    assert.ok(message.html.includes('<html'), 'HTML part');
    assert.ok(message.text.length > 0, 'text part');
    const link = linkIn(message, `${PUBLIC_URL}/account/#/verify/`);
    const { userId, code } = verifyParts(link);
    assert.equal(userId, user.id);
    assert.ok(message.html.includes(link.replace(/&/g, '&amp;')), 'the HTML has the same link');

    const verified = await t.http('PUT', `/auth/verifyemail/${userId}/${code}`);
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.body.emailverified, true);
    assert.equal((await t.http('GET', '/users', { headers: user.jwt })).body.emailverified, true);

    const again = await t.http('PUT', `/auth/verifyemail/${userId}/${code}`);
    assert.equal(again.status, 401);
    assert.equal(again.body.error_code, 10005);
  });

  test("a code works only for its own account, and a body cannot set other fields (Tiledesk's hole)", async () => {
    const a = await signup(t, { email: uniqueEmail('code-a') });
    const b = await signup(t, { email: uniqueEmail('code-b') });
    const { code } = verifyParts(linkIn(await verificationEmail(a.email), `${PUBLIC_URL}/account/`));
    const other = await t.http('PUT', `/auth/verifyemail/${b.id}/${code}`, { body: { email: 'x@evil.test' } });
    assert.equal(other.status, 401);
    assert.deepEqual(other.body, {
      success: false,
      error: 'Trying to use a verification code from another user.',
      error_code: 10006,
    });
    const own = await t.http('PUT', `/auth/verifyemail/${a.id}/${code}`, { body: { email: 'x@evil.test', status: 0 } });
    assert.equal(own.status, 200);
    assert.equal(own.body.email, a.email, 'the body changed nothing');
    const guessed = await t.http('PUT', `/auth/verifyemail/${a.id}/not-a-code`);
    assert.equal(guessed.status, 401);
    assert.equal(guessed.body.error_code, 10005);
  });

  test('disableEmail sends nothing; resendverifyemail sends a new link, within the hourly budget', async () => {
    const email = uniqueEmail('resend');
    const created = await t.http('POST', '/auth/signup', {
      body: { email, password: 'password-1', firstname: 'Re', lastname: 'Send', disableEmail: true },
    });
    assert.equal(created.status, 200, created.text);
    const headers = basicAuth(email, 'password-1');
    const sent = [];
    for (let i = 0; i < 3; i++) {
      const resend = await t.http('GET', '/users/resendverifyemail', { headers });
      assert.equal(resend.status, 200, resend.text);
      assert.deepEqual(resend.body, { success: true, message: 'Verify email successfully sent' });
      sent.push(resend);
    }
    const over = await t.http('GET', '/users/resendverifyemail', { headers });
    assert.equal(over.status, 429);
    assert.ok(over.body.retryAfter > 0);
    await smtp.waitFor(() => smtp.to(email).length === 3, 'three verification emails');
    assert.equal(smtp.to(email).length, 3, 'none for the disabled sign-up email, none past the budget');

    const { userId, code } = verifyParts(linkIn(smtp.to(email)[0]!, `${PUBLIC_URL}/account/`));
    assert.equal((await t.http('PUT', `/auth/verifyemail/${userId}/${code}`)).status, 200);
    const done = await t.http('GET', '/users/resendverifyemail', { headers });
    assert.deepEqual(done.body, { success: true, message: 'Email already verified' });
  });

  test('expired link keys leave the table a day after they expire', async () => {
    const user = await signup(t, { email: uniqueEmail('expired') });
    const keysOf = () =>
      t.database.db.selectFrom('account_keys').select('key_hash').where('user_id', '=', user.id).execute();
    assert.equal((await keysOf()).length, 1);
    // The verification link lives two days: a day after that it goes.
    await t.context.services.accountLinks.purgeExpiredKeys(new Date(Date.now() + 2.5 * 86_400_000));
    assert.equal((await keysOf()).length, 1, 'expired less than a day ago: kept');
    await t.context.services.accountLinks.purgeExpiredKeys(new Date(Date.now() + 3.5 * 86_400_000));
    assert.deepEqual(await keysOf(), []);
  });

  test("the recipient's language chooses the email's", async () => {
    const english = uniqueEmail('lang-en');
    const italian = uniqueEmail('lang-it');
    await signup(t, { email: english });
    const created = await t.http('POST', '/auth/signup', {
      body: { email: italian, password: 'password-1', firstname: 'Gianni', lastname: 'Rossi', language: 'it-IT' },
    });
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.user.language, 'it-IT');
    const en = await verificationEmail(english);
    const it = await verificationEmail(italian);
    assert.match(en.html, /<html[^>]*lang="en"/);
    assert.match(it.html, /<html[^>]*lang="it"/);
    assert.notEqual(en.subject, it.subject);
    assert.ok(it.text.includes('Gianni'));
  });
});

describe('password reset', () => {
  test('the same answer whether or not the address has an account; only an account gets an email', async () => {
    const user = await signup(t, { email: uniqueEmail('reset') });
    const known = await t.http('PUT', '/auth/requestresetpsw', { body: { email: user.email.toUpperCase() } });
    const unknown = await t.http('PUT', '/auth/requestresetpsw', { body: { email: uniqueEmail('nobody') } });
    assert.equal(known.status, 200);
    assert.deepEqual(unknown.body, known.body);
    assert.deepEqual(known.body, { success: true, message: 'An email has been sent to reset your password' });
    const message = await smtp.waitFor(
      (email) => email.to.includes(user.email) && email.text.includes('/account/#/resetpsw/'),
      'reset email',
    );
    const key = linkIn(message, `${PUBLIC_URL}/account/#/resetpsw/`).split('/').pop()!;

    const check = await t.http('GET', `/auth/checkpswresetkey/${key}`);
    assert.equal(check.status, 200, check.text);
    assert.equal(check.body.message, 'Valid password reset key');
    assert.deepEqual(Object.keys(check.body.user).sort(), ['_id', 'email', 'firstname', 'lastname']);

    const tooShort = await t.http('PUT', `/auth/resetpsw/${key}`, { body: { password: 'short' } });
    assert.equal(tooShort.status, 422);
    const missing = await t.http('PUT', `/auth/resetpsw/${key}`, { body: {} });
    assert.equal(missing.status, 422);

    const reset = await t.http('PUT', `/auth/resetpsw/${key}`, { body: { password: 'a-new-password' } });
    assert.equal(reset.status, 200, reset.text);
    assert.equal(reset.body.message, 'Password change successful');
    assert.equal(reset.body.user.password, undefined);
    assert.equal(reset.body.user.emailverified, true, 'the link came through the mailbox');

    // The old password is refused, the new one signs in (tokens issued before the reset are
    // revoked as on any password change: token-revocation tests cover that).
    assert.equal((await t.http('GET', '/users', { headers: user.basic })).status, 401);
    const signin = await t.http('POST', '/auth/signin', { body: { email: user.email, password: 'a-new-password' } });
    assert.equal(signin.status, 200);

    // The key is spent.
    assert.deepEqual((await t.http('GET', `/auth/checkpswresetkey/${key}`)).body, {
      success: false,
      msg: 'Invalid password reset key',
    });
    assert.equal((await t.http('PUT', `/auth/resetpsw/${key}`, { body: { password: 'another-one-1' } })).status, 404);
    await smtp.waitFor(
      (email) => email.to.includes(user.email) && email.subject !== message.subject && !email.text.includes('#/'),
      'password changed email',
    );
  });

  test('an account gets at most EMAIL_ACCOUNT_MAX_PER_HOUR reset emails, and the answer never changes', async () => {
    const user = await signup(t, { email: uniqueEmail('flood') });
    for (let i = 0; i < 5; i++) {
      const response = await t.http('PUT', '/auth/requestresetpsw', { body: { email: user.email } });
      assert.equal(response.status, 200);
    }
    await smtp.waitFor(() => smtp.to(user.email).filter((e) => e.text.includes('resetpsw')).length >= 3, '3 resets');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(smtp.to(user.email).filter((email) => email.text.includes('resetpsw')).length, 3);
  });

  test('a malformed body is a 422, an unknown key a 404', async () => {
    assert.equal((await t.http('PUT', '/auth/requestresetpsw', { body: {} })).status, 422);
    assert.equal((await t.http('PUT', '/auth/requestresetpsw', { body: { email: '' } })).status, 422);
    assert.equal((await t.http('GET', '/auth/checkpswresetkey/nope')).status, 404);
    assert.equal((await t.http('PUT', '/auth/resetpsw/nope', { body: { password: 'whatever-123' } })).status, 404);
  });
});

describe('invitations', () => {
  test('an unknown address: a pending invitation, an email with a sign-up link, a membership once verified', async () => {
    const tenant = await newTenant(t);
    const email = uniqueEmail('invited');
    const invite = await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
      headers: tenant.owner.basic,
      body: { email, role: 'admin' },
    });
    assert.equal(invite.status, 200, invite.text);
    assert.ok(invite.body.pendingInvitation, 'pending');
    const invitation = await smtp.waitFor((e) => e.to.includes(email), 'invitation');
    assert.ok(invitation.text.includes(tenant.project.name), 'names the project');
    const signupLink = linkIn(invitation, `${PUBLIC_URL}/account/#/signup`);
    assert.equal(new URL(signupLink.replace('#/signup', '')).searchParams.get('email'), email);

    // Whoever signs up with the address first is not a member: it must prove the address.
    const invitee = await signup(t, { email });
    const before = await t.http('GET', '/projects', { headers: invitee.jwt });
    assert.deepEqual(before.body, []);
    const { userId, code } = verifyParts(linkIn(await verificationEmail(email), `${PUBLIC_URL}/account/`));
    assert.equal((await t.http('PUT', `/auth/verifyemail/${userId}/${code}`)).status, 200);
    const projects = await t.http('GET', '/projects', { headers: invitee.jwt });
    assert.equal(projects.body.length, 1);
    assert.equal(projects.body[0].role, 'admin');
    const pending = await t.http('GET', `/${tenant.projectId}/pendinginvitations`, { headers: tenant.owner.basic });
    assert.deepEqual(pending.body, []);
  });

  test('an account with an unverified address: pending, and the invitation email carries a verification link', async () => {
    const tenant = await newTenant(t);
    const squatter = await signup(t, { email: uniqueEmail('unverified') });
    const invite = await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
      headers: tenant.owner.basic,
      body: { email: squatter.email, role: 'agent' },
    });
    assert.equal(invite.status, 200, invite.text);
    assert.ok(invite.body.pendingInvitation);
    assert.deepEqual((await t.http('GET', '/projects', { headers: squatter.jwt })).body, []);

    const invitation = await smtp.waitFor(
      (e) => e.to.includes(squatter.email) && e.text.includes(tenant.project.name),
      'invitation',
    );
    const { userId, code } = verifyParts(linkIn(invitation, `${PUBLIC_URL}/account/#/verify/`));
    assert.equal((await t.http('PUT', `/auth/verifyemail/${userId}/${code}`)).status, 200);
    const projects = await t.http('GET', '/projects', { headers: squatter.jwt });
    assert.equal(projects.body.length, 1);
    assert.equal(projects.body[0].role, 'agent');

    // Resending a pending invitation emails it again.
    const second = uniqueEmail('resend-invite');
    const pending = await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
      headers: tenant.owner.basic,
      body: { email: second, role: 'agent' },
    });
    const resend = await t.http(
      'GET',
      `/${tenant.projectId}/pendinginvitations/resendinvite/${pending.body.pendingInvitation._id}`,
      {
        headers: tenant.owner.basic,
      },
    );
    assert.equal(resend.status, 200, resend.text);
    await smtp.waitFor(() => smtp.to(second).length === 2, 'the invitation twice');
  });

  test('a removed member with an unverified address (an account from before verification) comes back once verified', async () => {
    const tenant = await newTenant(t);
    const member = await addMember(t, tenant, 'agent');
    const removed = await t.http('DELETE', `/${tenant.projectId}/project_users/${member.projectUserId}?soft=true`, {
      headers: tenant.owner.basic,
    });
    assert.equal(removed.status, 200, removed.text);
    await t.database.db.updateTable('users').set({ emailverified: false }).where('id', '=', member.id).execute();
    const invite = await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
      headers: tenant.owner.basic,
      body: { email: member.email, role: 'admin' },
    });
    assert.ok(invite.body.pendingInvitation, invite.text);
    await verifyAddress(t, member);
    const back = await t.http('GET', `/${tenant.projectId}/project_users/${member.projectUserId}`, {
      headers: tenant.owner.basic,
    });
    assert.equal(back.body.role, 'admin');
    assert.equal(back.body.status, 'active');
    assert.equal(back.body.trashed, false);
  });

  test('a verified account joins at once and is told so', async () => {
    const tenant = await newTenant(t);
    const member = await signup(t, { email: uniqueEmail('verified') });
    const { userId, code } = verifyParts(linkIn(await verificationEmail(member.email), `${PUBLIC_URL}/account/`));
    await t.http('PUT', `/auth/verifyemail/${userId}/${code}`);
    const invite = await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
      headers: tenant.owner.basic,
      body: { email: member.email, role: 'agent' },
    });
    assert.equal(invite.status, 200, invite.text);
    assert.equal(invite.body.role, 'agent');
    const told = await smtp.waitFor(
      (e) => e.to.includes(member.email) && e.text.includes(`${PUBLIC_URL}/console/#/${tenant.projectId}/inbox`),
      'you were added',
    );
    assert.ok(told.text.includes(tenant.project.name));
    // The row says `sent` once the job has recorded the delivery, just after the SMTP server got it.
    await waitUntil('the invitation recorded as sent', async () =>
      (await outboxOf(tenant.projectId, tenant.owner.basic)).some(
        (e) => e.kind === 'beenInvitedExistingUser' && e.status === 'sent' && e.to === member.email,
      ),
    );
  });
});
