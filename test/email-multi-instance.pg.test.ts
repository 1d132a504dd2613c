/**
 * Two instances on one PostgreSQL database, both delivering email: each email is sent once,
 * whichever instance queued it and whichever claims its job, including across an SMTP outage.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, uniqueEmail } from './helpers/factories.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { waitUntil } from './helpers/webhook-receiver.js';

let a: TestApp;
let b: TestApp;
let smtp: SmtpSink;

before(async () => {
  smtp = await startSmtpSink();
  const env = { SMTP_URL: smtp.url, EMAIL_MAX_ATTEMPTS: '50' };
  a = await startTestApp(env);
  b = await startTestApp(env, { sameDatabaseAs: a });
});

after(async () => {
  await b.close();
  await a.close();
  await smtp.close();
});

test('every email is sent exactly once by two instances, through an SMTP outage', async () => {
  const tenant = await newTenant(a);
  const addresses = Array.from({ length: 20 }, (_, i) => uniqueEmail(`twice-${i}`));
  await smtp.down();
  await Promise.all(
    addresses.map(async (email, i) => {
      const instance = i % 2 === 0 ? a : b;
      const invite = await instance.http('POST', `/${tenant.projectId}/project_users/invite`, {
        headers: tenant.owner.basic,
        body: { email, role: 'agent' },
      });
      assert.equal(invite.status, 200, invite.text);
    }),
  );
  // Both instances try (and fail) while the server is down, then it comes back.
  await new Promise((resolve) => setTimeout(resolve, 600));
  await smtp.up();
  await smtp.waitFor(() => addresses.every((email) => smtp.to(email).length > 0), 'all 20 emails', 30_000);
  await Promise.all([a.context.jobs.runDue(), b.context.jobs.runDue()]);
  for (const email of addresses) assert.equal(smtp.to(email).length, 1, `${email} got one email`);
  // Each row says `sent` once its job has recorded the delivery, just after the SMTP server got it.
  let outbox = await a.http('GET', `/${tenant.projectId}/emails?limit=100`, { headers: tenant.owner.basic });
  await waitUntil('every email recorded as sent', async () => {
    outbox = await a.http('GET', `/${tenant.projectId}/emails?limit=100`, { headers: tenant.owner.basic });
    return outbox.body.emails.every((email: { status: string }) => email.status === 'sent');
  });
  assert.equal(outbox.body.count, 20);
  assert.ok(
    outbox.body.emails.some((email: { attempts: number }) => email.attempts > 1),
    'the outage was retried',
  );
});
