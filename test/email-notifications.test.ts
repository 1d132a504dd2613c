/**
 * Conversation emails against a real SMTP server: agents told of assigned and pooled
 * conversations, followers and visitors told of replies, transcripts; and the outbox: its states,
 * an SMTP outage, a refused address, a project's own SMTP server and templates.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';
import {
  createBot,
  defaultDepartment,
  membershipOf,
  newRequestId,
  ownerOffline,
  updateDepartment,
  updateProject,
} from './helpers/conversations.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { TestSocket } from './helpers/ws-client.js';
import { json } from '../src/platform/db/json.js';

const PUBLIC_URL = 'http://parley.test';

let t: TestApp;
let smtp: SmtpSink;

before(async () => {
  smtp = await startSmtpSink();
  t = await startTestApp({
    SMTP_URL: smtp.url,
    PUBLIC_URL,
    EMAIL_FROM: 'Parley <noreply@parley.test>',
    EMAIL_MAX_ATTEMPTS: '30',
  });
});

after(async () => {
  await t.close();
  await smtp.close();
});

/** A visitor who gave an email opens a conversation with its first message. */
async function visitorWrites(tenant: Tenant, text = 'Hello, I need help', email?: string) {
  const signin = await t.http('POST', '/auth/signinAnonymously', {
    body: { id_project: tenant.projectId, firstname: 'Vera', ...(email && { email }) },
  });
  assert.equal(signin.status, 200, signin.text);
  const headers = { authorization: signin.body.token as string };
  const requestId = newRequestId(tenant.projectId);
  const sent = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
    headers,
    body: { text, ...(email && { attributes: { userEmail: email } }) },
  });
  assert.equal(sent.status, 200, sent.text);
  return { requestId, headers, visitorId: signin.body.user._id as string };
}

async function outbox(tenant: Tenant, query = '') {
  const response = await t.http('GET', `/${tenant.projectId}/emails${query}`, { headers: tenant.owner.basic });
  assert.equal(response.status, 200, response.text);
  return response.body.emails as Array<Record<string, any>>;
}

async function waitForOutbox(tenant: Tenant, match: (email: Record<string, any>) => boolean, what: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = (await outbox(tenant)).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} in the outbox: ${JSON.stringify(await outbox(tenant))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('agents', () => {
  test('a new conversation assigned to an agent: the agent gets an email with a link to it', async () => {
    const tenant = await newTenant(t);
    await ownerOffline(t, tenant);
    const agent = await addMember(t, tenant, 'agent');
    const { requestId } = await visitorWrites(tenant, 'My order never arrived');

    const email = await smtp.waitFor(
      (e) => e.to.includes(agent.email) && e.text.includes('My order never arrived'),
      'assigned email',
    );
    assert.equal(email.from, `"${tenant.project.name}" <noreply@parley.test>`);
    assert.ok(email.subject.includes(tenant.project.name), email.subject);
    assert.ok(email.text.includes(`${PUBLIC_URL}/console/#/${tenant.projectId}/inbox/${requestId}`));
    // The row says `sent` once the job has recorded the delivery, just after the SMTP server got it.
    const stored = await waitForOutbox(
      tenant,
      (e) => e.request_id === requestId && e.status === 'sent',
      'sent email of the conversation',
    );
    assert.equal(stored.kind, 'assignedRequest');
    assert.equal(smtp.to(tenant.owner.email).length, 0, 'the unavailable owner was not assigned');
  });

  test('a pooled conversation: every agent of the department is told once; opt-outs are respected', async () => {
    const tenant = await newTenant(t);
    const department = await defaultDepartment(t, tenant);
    await updateDepartment(t, tenant, department._id, { routing: 'pooled' });
    const first = await addMember(t, tenant, 'agent');
    const optedOut = await addMember(t, tenant, 'agent');
    const member = await membershipOf(t, tenant, optedOut.basic);
    const optOut = await t.http('PUT', `/${tenant.projectId}/project_users`, {
      headers: optedOut.basic,
      body: { settings: { email: { notification: { conversation: { pooled: false } } } } },
    });
    assert.equal(optOut.status, 200, optOut.text);
    assert.ok(member._id);

    const { requestId } = await visitorWrites(tenant, 'Anyone there?');
    await smtp.waitFor((e) => e.to.includes(first.email) && e.text.includes('Anyone there?'), 'pooled email');
    await smtp.waitFor((e) => e.to.includes(tenant.owner.email) && e.text.includes('Anyone there?'), 'owner pooled');
    // Rerouting the same conversation to the pool again does not repeat the email.
    const reroute = await t.http('PUT', `/${tenant.projectId}/requests/${requestId}/departments`, {
      headers: tenant.owner.basic,
      body: {},
    });
    assert.equal(reroute.status, 200, reroute.text);
    await t.context.jobs.runDue();
    const about = (address: string) => smtp.to(address).filter((e) => e.text.includes('Anyone there?'));
    assert.equal(about(first.email).length, 1);
    assert.equal(about(optedOut.email).length, 0);
  });

  test('the project switch stops agent notifications', async () => {
    const tenant = await newTenant(t);
    await updateProject(t, tenant, { 'settings.email.notification.conversation.blocked': true });
    await ownerOffline(t, tenant);
    const agent = await addMember(t, tenant, 'agent');
    const { requestId } = await visitorWrites(tenant);
    await t.context.jobs.runDue();
    assert.deepEqual(await outbox(tenant, `?request_id=${requestId}`), []);
    assert.equal(smtp.to(agent.email).filter((e) => e.text.includes('Hello, I need help')).length, 0);
  });

  test('a follower who is not online is told of new messages, at most once per conversation in a while', async () => {
    const tenant = await newTenant(t);
    const follower = await addMember(t, tenant, 'agent');
    const { requestId, headers } = await visitorWrites(tenant);
    const follow = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/followers`, {
      headers: tenant.owner.basic,
      body: { member: follower.projectUserId },
    });
    assert.equal(follow.status, 200, follow.text);
    for (const text of ['One more thing', 'And another']) {
      const sent = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
        headers,
        body: { text },
      });
      assert.equal(sent.status, 200);
    }
    const email = await smtp.waitFor(
      (e) => e.to.includes(follower.email) && e.text.includes('One more thing'),
      'follower',
    );
    assert.ok(email.subject.length > 0);
    await t.context.jobs.runDue();
    assert.equal(smtp.to(follower.email).filter((e) => e.text.includes('And another')).length, 0);
  });
});

describe('presence', () => {
  test('nobody online in the dashboard or the widget is emailed; once they leave, they are', async () => {
    const base = await t.listen();
    const tenant = await newTenant(t);
    const follower = await addMember(t, tenant, 'agent');
    const address = 'petra.present@example.test';
    const visitor = await visitorWrites(tenant, 'Hello from the widget', address);
    await t.http('POST', `/${tenant.projectId}/requests/${visitor.requestId}/followers`, {
      headers: tenant.owner.basic,
      body: { member: follower.projectUserId },
    });
    // The agent's dashboard and the visitor's widget are open (a live subscription each).
    const dashboard = await TestSocket.open(TestSocket.url(base, follower.token));
    dashboard.subscribe(`/${tenant.projectId}/requests`);
    const widget = await TestSocket.open(TestSocket.url(base, visitor.headers.authorization));
    widget.subscribe(`/${tenant.projectId}/requests/${visitor.requestId}/messages`);
    await Promise.all([dashboard.barrier(), widget.barrier()]);

    const reply = (text: string) =>
      t.http('POST', `/${tenant.projectId}/requests/${visitor.requestId}/messages`, {
        headers: tenant.owner.basic,
        body: { text },
      });
    await reply('Answered while both are here');
    await t.context.jobs.runDue();
    assert.equal(smtp.to(address).length, 0);
    assert.equal(smtp.to(follower.email).filter((e) => e.text.includes('Answered while')).length, 0);

    dashboard.close();
    widget.close();
    await Promise.all([dashboard.closed, widget.closed]);
    const deadline = Date.now() + 5000;
    while (
      ((await t.context.presence.isOnline(tenant.projectId, follower.id)) ||
        (await t.context.presence.isOnline(tenant.projectId, visitor.visitorId))) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await reply('Answered after they left');
    await smtp.waitFor((e) => e.to.includes(address) && e.text.includes('Answered after they left'), 'visitor email');
    await smtp.waitFor(
      (e) => e.to.includes(follower.email) && e.text.includes('Answered after they left'),
      'follower email',
    );
  });
});

describe('visitors', () => {
  test("an agent's reply reaches a visitor who left, by email; a bot's does not", async () => {
    const tenant = await newTenant(t);
    const address = 'vera.visitor@example.test';
    const { requestId } = await visitorWrites(tenant, 'Where is my parcel?', address);
    const reply = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.basic,
      body: { text: 'It left our warehouse today.' },
    });
    assert.equal(reply.status, 200, reply.text);
    const email = await smtp.waitFor((e) => e.to.includes(address), 'offline message');
    assert.ok(email.text.includes('It left our warehouse today.'));
    assert.ok(email.text.includes(`${PUBLIC_URL}/public/requests/${requestId}/messages.html`));

    // A bot answers while the visitor is there: no email, even after the window of the first.
    const bot = await createBot(t, tenant);
    const botConversation = await visitorWrites(tenant, 'Opening hours?', 'bob.bot@example.test');
    const answer = await t.http('POST', `/${tenant.projectId}/requests/${botConversation.requestId}/messages`, {
      headers: bot.headers,
      body: { text: 'We open at nine.' },
    });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.sender, bot.participant);
    await t.context.jobs.runDue();
    assert.equal(smtp.to('bob.bot@example.test').length, 0);
  });

  test('the transcript on close when the project asks, and on demand; a direct email with reply-to', async () => {
    const tenant = await newTenant(t);
    await updateProject(t, tenant, { 'settings.email.autoSendTranscriptToRequester': true });
    const address = 'tom.transcript@example.test';
    const { requestId } = await visitorWrites(tenant, 'Can I change my plan?', address);
    await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.basic,
      body: { text: 'Yes, from the billing page.' },
    });
    const close = await t.http('PUT', `/${tenant.projectId}/requests/${requestId}/close`, {
      headers: tenant.owner.basic,
    });
    assert.equal(close.status, 200, close.text);
    const transcript = await smtp.waitFor(
      (e) => e.to.includes(address) && e.text.includes('Can I change my plan?') && e.text.includes('billing page'),
      'transcript',
    );
    assert.ok(transcript.html.includes('Yes, from the billing page.'));

    const onDemand = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/email/send`, {
      headers: tenant.owner.basic,
      body: {},
    });
    assert.equal(onDemand.status, 200, onDemand.text);
    assert.equal(onDemand.body.queued, true);
    assert.equal(onDemand.body.email.kind, 'sendTranscript');

    const direct = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/email/send`, {
      headers: tenant.owner.basic,
      body: { subject: 'About your plan', text: 'We upgraded you.\nEnjoy!', replyto: 'support@acme.test' },
    });
    assert.equal(direct.status, 200, direct.text);
    const mail = await smtp.waitFor((e) => e.to.includes(address) && e.text.includes('We upgraded you.'), 'direct');
    assert.ok(mail.subject.includes('About your plan'));
    assert.equal(mail.replyTo, 'support@acme.test');
    await smtp.waitFor(
      () => smtp.to(address).filter((e) => e.text.includes('billing page')).length >= 2,
      'two transcripts',
    );
  });

  test('a conversation the server closes as idle sends no transcript (as Tiledesk)', async () => {
    const tenant = await newTenant(t);
    await updateProject(t, tenant, {
      'settings.email.autoSendTranscriptToRequester': true,
      'settings.auto_close.human': 1,
    });
    const address = 'ida.idle@example.test';
    const { requestId } = await visitorWrites(tenant, 'Anyone?', address);
    assert.equal(await t.context.services.autoClose.sweep(new Date(Date.now() + 2 * 60_000)), 1);
    await t.context.jobs.runDue();
    assert.deepEqual(await outbox(tenant, `?request_id=${requestId}&kind=sendTranscript`), []);
  });

  test('email/send: no address, unknown request, another project, a visitor caller', async () => {
    const tenant = await newTenant(t);
    const other = await newTenant(t);
    const { requestId, headers } = await visitorWrites(tenant);
    const none = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/email/send`, {
      headers: tenant.owner.basic,
      body: { text: 'hi' },
    });
    assert.equal(none.status, 200);
    assert.equal(none.body['no queued'], true);
    const unknown = await t.http('POST', `/${tenant.projectId}/requests/${newRequestId(tenant.projectId)}/email/send`, {
      headers: tenant.owner.basic,
      body: { text: 'hi' },
    });
    assert.equal(unknown.status, 404);
    const foreign = await t.http('POST', `/${other.projectId}/requests/${requestId}/email/send`, {
      headers: other.owner.basic,
      body: { text: 'hi' },
    });
    assert.equal(foreign.status, 404);
    const visitor = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/email/send`, {
      headers,
      body: { text: 'hi' },
    });
    assert.equal(visitor.status, 403);
    const badReplyTo = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/email/send`, {
      headers: tenant.owner.basic,
      body: { text: 'hi', replyto: 'not an address' },
    });
    assert.equal(badReplyTo.status, 422);
  });
});

describe('the outbox', () => {
  test('admins read it, with bodies; agents and other projects do not', async () => {
    const tenant = await newTenant(t);
    const other = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const sent = await waitForOutbox(tenant, (e) => e.kind === 'beenInvitedExistingUser', 'invitation');
    assert.equal(sent.to, agent.email);
    const one = await t.http('GET', `/${tenant.projectId}/emails/${sent._id}`, { headers: tenant.owner.basic });
    assert.equal(one.status, 200);
    assert.ok(one.body.html.includes('<html'));
    assert.ok(one.body.text.length > 0);
    // Roles: the outbox and its actions are for admins; templates for agents (as Tiledesk).
    const visitor = await anonymous(t, tenant.projectId);
    const base = `/${tenant.projectId}/emails`;
    for (const [method, url, body] of [
      ['GET', base],
      ['GET', `${base}/${sent._id}`],
      ['POST', `${base}/${sent._id}/resend`],
      ['POST', `${base}/test/send`, { to: agent.email }],
    ] as const) {
      for (const headers of [agent.basic, visitor.headers]) {
        const refused = await t.http(method, url, { headers, ...(body && { body }) });
        assert.equal(refused.status, 403, `${method} ${url}`);
      }
    }
    assert.equal((await t.http('GET', `${base}/templates/verify`, { headers: agent.basic })).status, 200);
    assert.equal((await t.http('GET', `${base}/templates/verify`, { headers: visitor.headers })).status, 403);
    assert.equal(
      (await t.http('GET', `/${other.projectId}/emails/${sent._id}`, { headers: other.owner.basic })).status,
      404,
    );
    assert.equal((await t.http('GET', `/${tenant.projectId}/emails`, {})).status, 401);
    assert.equal(
      (await t.http('GET', `/${tenant.projectId}/emails?status=nope`, { headers: tenant.owner.basic })).status,
      422,
    );
  });

  test('SMTP down for a while, then back: the email arrives once, and the API call never failed', async () => {
    const tenant = await newTenant(t);
    await smtp.down();
    const address = uniqueAddress('outage');
    const invite = await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
      headers: tenant.owner.basic,
      body: { email: address, role: 'agent' },
    });
    assert.equal(invite.status, 200, invite.text);
    const failing = await waitForOutbox(tenant, (e) => e.to === address && e.attempts >= 2, 'retried email');
    assert.equal(failing.status, 'queued');
    assert.ok(failing.lastError, 'the last error is shown');
    await smtp.up();
    await smtp.waitFor((e) => e.to.includes(address), 'the email after the outage');
    const done = await waitForOutbox(tenant, (e) => e.to === address && e.status === 'sent', 'sent');
    assert.equal(done.lastError, undefined);
    await t.context.jobs.runDue();
    assert.equal(smtp.to(address).length, 1, 'exactly once');
  });

  test('a refused address: the outbox shows the failure at once (no retries); resend queues it again', async () => {
    const tenant = await newTenant(t);
    const address = uniqueAddress('bounce');
    const invite = await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
      headers: tenant.owner.basic,
      body: { email: address, role: 'agent' },
    });
    assert.equal(invite.status, 200);
    const failed = await waitForOutbox(tenant, (e) => e.to === address && e.status === 'failed', 'failed email');
    assert.equal(failed.attempts, 1);
    assert.match(failed.lastError, /does not exist/);
    const resend = await t.http('POST', `/${tenant.projectId}/emails/${failed._id}/resend`, {
      headers: tenant.owner.basic,
    });
    assert.equal(resend.status, 200, resend.text);
    assert.equal(resend.body.status, 'queued');
    await waitForOutbox(
      tenant,
      (e) => e._id === failed._id && e.status === 'failed' && e.attempts === 2,
      'failed again',
    );
  });

  test("a project's own SMTP server and sender; its password is never shown and survives updates", async () => {
    const own = await startSmtpSink();
    try {
      const tenant = await newTenant(t);
      const config = { host: '127.0.0.1', port: own.port, secure: false, user: 'acme', pass: 's3cret' };
      await updateProject(t, tenant, { settings: { email: { config, from: 'Acme <help@acme.test>' } } });
      const shown = await t.http('GET', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic });
      const { pass: _pass, ...withoutPassword } = config;
      assert.deepEqual(shown.body.settings.email.config, { ...withoutPassword, hasPassword: true });
      assert.ok(!JSON.stringify(shown.body).includes('s3cret'));
      // A client that sends back what it read keeps the password.
      await updateProject(t, tenant, {
        settings: {
          ...shown.body.settings,
          email: { ...shown.body.settings.email, from: 'Acme Help <help@acme.test>' },
        },
      });

      const address = uniqueAddress('own-smtp');
      await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
        headers: tenant.owner.basic,
        body: { email: address, role: 'agent' },
      });
      const email = await own.waitFor((e) => e.to.includes(address), 'email through the project SMTP');
      assert.equal(email.from, '"Acme Help" <help@acme.test>');
      assert.equal(smtp.to(address).length, 0);

      const test = await t.http('POST', `/${tenant.projectId}/emails/test/send`, {
        headers: tenant.owner.basic,
        body: { to: 'check@acme.test' },
      });
      assert.equal(test.status, 200, test.text);
      assert.ok(test.body.response, JSON.stringify(test.body));
      await own.waitFor((e) => e.to.includes('check@acme.test'), 'test email');
    } finally {
      await own.close();
    }
  });

  test("through the server's relay a project's address is the Reply-To, never the sender", async () => {
    const tenant = await newTenant(t);
    await updateProject(t, tenant, { 'settings.email.from': 'Boss <ceo@bank.test>' });
    const address = uniqueAddress('relay');
    await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
      headers: tenant.owner.basic,
      body: { email: address, role: 'agent' },
    });
    const email = await smtp.waitFor((e) => e.to.includes(address), 'relayed email');
    assert.equal(email.from, `"${tenant.project.name}" <noreply@parley.test>`);
    assert.equal(email.replyTo, '"Boss" <ceo@bank.test>');
  });

  test('a project template override is used, and the template route shows it', async () => {
    const tenant = await newTenant(t);
    const override = { subject: 'Welcome aboard {{project.name}}', text: 'Join {{project.name}}: {{url}}' };
    await updateProject(t, tenant, { 'settings.email.templates.beenInvitedNewUser': override });
    const address = uniqueAddress('override');
    await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
      headers: tenant.owner.basic,
      body: { email: address, role: 'agent' },
    });
    const email = await smtp.waitFor((e) => e.to.includes(address), 'overridden email');
    assert.equal(email.subject, `Welcome aboard ${tenant.project.name}`);
    assert.ok(email.text.startsWith(`Join ${tenant.project.name}: ${PUBLIC_URL}/account/#/signup`));
    const template = await t.http('GET', `/${tenant.projectId}/emails/templates/beenInvitedNewUser`, {
      headers: tenant.owner.basic,
    });
    assert.equal(template.status, 200);
    assert.equal(template.body.overridden, true);
    assert.equal(template.body.subject, override.subject);
    const italian = await t.http('GET', `/${tenant.projectId}/emails/templates/verify?lang=it`, {
      headers: tenant.owner.basic,
    });
    assert.equal(italian.body.language, 'it');
    assert.equal(
      (await t.http('GET', `/${tenant.projectId}/emails/templates/nope`, { headers: tenant.owner.basic })).status,
      422,
    );
  });
});

describe('retention', () => {
  test('emails older than EMAIL_RETENTION_DAYS leave the outbox; queued ones stay', async () => {
    const tenant = await newTenant(t);
    await addMember(t, tenant, 'agent');
    await waitForOutbox(tenant, (e) => e.status === 'sent', 'a sent email');
    await t.context.services.email.purge(new Date(Date.now() + 89 * 86_400_000));
    assert.equal((await outbox(tenant)).length, 1, 'younger than 90 days: kept');
    await t.context.services.email.purge(new Date(Date.now() + 91 * 86_400_000));
    assert.deepEqual(await outbox(tenant), []);
  });
});

describe('finished jobs', () => {
  test('leave the queue after JOBS_RETENTION_DAYS; pending ones stay', async () => {
    const tenant = await newTenant(t);
    await addMember(t, tenant, 'agent');
    await waitForOutbox(tenant, (e) => e.status === 'sent', 'a sent email');
    const db = t.database.db;
    const [pending] = await db
      .insertInto('jobs')
      .values({
        kind: 'test.never-run',
        payload: json({}),
        run_at: new Date(Date.now() + 365 * 86_400_000),
      })
      .returning('id')
      .execute();
    const finished = () => db.selectFrom('jobs').select('id').where('status', 'in', ['done', 'failed']).execute();
    assert.ok((await finished()).length > 0);
    assert.equal(await t.context.jobs.purgeFinished(new Date(Date.now() - 86_400_000)), 0, 'none is a day old');
    assert.ok((await t.context.jobs.purgeFinished(new Date(Date.now() + 86_400_000))) > 0);
    assert.deepEqual(await finished(), []);
    const left = await db.selectFrom('jobs').select('id').where('id', '=', pending!.id).execute();
    assert.equal(left.length, 1);
    await db.deleteFrom('jobs').where('id', '=', pending!.id).execute();
  });
});

describe('without SMTP', () => {
  test('emails are rendered and kept unsent in the outbox', async () => {
    const bare = await startTestApp({ PUBLIC_URL });
    try {
      const tenant = await newTenant(bare);
      const address = uniqueAddress('unsent');
      await bare.http('POST', `/${tenant.projectId}/project_users/invite`, {
        headers: tenant.owner.basic,
        body: { email: address, role: 'agent' },
      });
      const list = await bare.http('GET', `/${tenant.projectId}/emails`, { headers: tenant.owner.basic });
      const [email] = list.body.emails;
      assert.equal(email.status, 'unsent');
      assert.equal(email.to, address);
      const full = await bare.http('GET', `/${tenant.projectId}/emails/${email._id}`, { headers: tenant.owner.basic });
      assert.ok(full.body.text.includes(`${PUBLIC_URL}/account/#/signup`));
      const resend = await bare.http('POST', `/${tenant.projectId}/emails/${email._id}/resend`, {
        headers: tenant.owner.basic,
      });
      assert.equal(resend.status, 422);
    } finally {
      await bare.close();
    }
  });
});

function uniqueAddress(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}@example.test`;
}
