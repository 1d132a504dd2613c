/**
 * The seed "Import multiple messages into Tiledesk using REST APIs from third party app"
 * (/work/shared/seeds/000_22bb14e0be94a69c.txt), run as written: its three curl commands through
 * `sh -c` against a server on a real port. Only the example values are replaced (the base URL,
 * which keeps its /v3 prefix, the project id, the credentials, the visitor id and the request id).
 *
 * The tutorial's second command ends with `\ https://...`: the backslash escapes the space, so
 * the shell hands curl the URL " https://..." with a leading space. curl 7.x rejects that
 * ("URL using bad/illegal format", exit 3) before sending anything. The commands are kept
 * verbatim and run through a `curl` shim that trims the whitespace around each argument, as a
 * lenient URL parser would, and then runs the real curl.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';

const run = promisify(execFile);

// Copied verbatim from the seed.
const SIGNIN = String.raw`curl -v -X POST -H 'Content-Type:application/json' \
-d '{"id_project":"5e2c35c8f0dbc10017bb3aac", "firstname":"John"}' \
https://api.tiledesk.com/v3/auth/signinAnonymously`;

const CREATE_REQUEST = String.raw`curl -v -X POST -H 'Content-Type:application/json' \
-u andrea.leo@email.it:xyz -d '{"sender":"fc43a0e1-ba85-404e-9a44-bf0050330898", "first_text":"How can i restore my password"}' \ https://api.tiledesk.com/v3/5e2c35c8f0dbc10017bb3aac/requests/`;

const IMPORT_MESSAGES = String.raw`curl -v -X POST -H 'Content-Type:application/json' \
 -u YOUR_ADMIN_EMAIL:PASSWORD \
-d '[{"sender":"bb0d809b-b093-419b-8b48-11a192cc3619","text":"How can i restore my password", "attributes":{"clienttimestamp":1665584701710}},{"sender":"chatbot1", "text":"You can find it here https://tiledesk.com", "attributes":{"clienttimestamp":1665584701711}}]'  \
 https://api.tiledesk.com/v3/5e2c35c8f0dbc10017bb3aac/requests/support-group-5e2c35c8f0dbc10017bb3aac-8e40526e6dfb4450a572cd4ede01f464/messages/multi`;

const SHIM = `#!/bin/sh
for arg do
  shift
  trimmed=$(printf '%s' "$arg" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')
  set -- "$@" "$trimmed"
done
exec "$REAL_CURL" "$@"
`;

describe('seed 000: import multiple messages from a third party app', () => {
  let t: TestApp;
  let base: string;
  let shimDir: string;
  let realCurl: string;

  before(async () => {
    t = await startTestApp();
    base = await t.listen();
    realCurl = (await run('sh', ['-c', 'command -v curl'])).stdout.trim();
    shimDir = await mkdtemp(path.join(tmpdir(), 'parley-curl-'));
    await writeFile(path.join(shimDir, 'curl'), SHIM);
    await chmod(path.join(shimDir, 'curl'), 0o755);
  });
  after(async () => {
    await t.close();
    await rm(shimDir, { recursive: true, force: true });
  });

  async function curl(command: string): Promise<any> {
    const { stdout } = await run('sh', ['-c', command], {
      env: { ...process.env, PATH: `${shimDir}:${process.env.PATH}`, REAL_CURL: realCurl },
    });
    return JSON.parse(stdout);
  }

  function localize(command: string, tenant: Tenant, values: Record<string, string>): string {
    // The specific example values first: the example request id contains the example project id.
    let result = command;
    for (const [example, real] of Object.entries(values)) result = result.replaceAll(example, real);
    return result
      .replaceAll('https://api.tiledesk.com/v3', `${base}/v3`)
      .replaceAll('5e2c35c8f0dbc10017bb3aac', tenant.projectId)
      .replaceAll('andrea.leo@email.it:xyz', `${tenant.owner.email}:${tenant.owner.password}`)
      .replaceAll('YOUR_ADMIN_EMAIL:PASSWORD', `${tenant.owner.email}:${tenant.owner.password}`);
  }

  it('runs the tutorial: anonymous visitor, request assigned to the owner, history imported', async () => {
    const tenant = await newTenant(t);
    assert.ok(CREATE_REQUEST.includes(String.raw`}' \ https://`), 'the quirk is kept');

    const signin = await curl(localize(SIGNIN, tenant, {}));
    assert.equal(signin.success, true);
    assert.match(signin.token, /^JWT /);
    assert.equal(signin.user.firstname, 'John');
    const visitor: string = signin.user._id;

    const request = await curl(localize(CREATE_REQUEST, tenant, { 'fc43a0e1-ba85-404e-9a44-bf0050330898': visitor }));
    assert.match(request.request_id, new RegExp(`^support-group-${tenant.projectId}-[0-9a-f]{32}$`));
    assert.equal(request.first_text, 'How can i restore my password');

    const imported = await curl(
      localize(IMPORT_MESSAGES, tenant, {
        'support-group-5e2c35c8f0dbc10017bb3aac-8e40526e6dfb4450a572cd4ede01f464': request.request_id,
        'bb0d809b-b093-419b-8b48-11a192cc3619': visitor,
      }),
    );
    assert.equal(imported.length, 2);

    const stored = await t.http('GET', `/${tenant.projectId}/requests/${request.request_id}`, {
      headers: tenant.owner.basic,
    });
    assert.equal(stored.body.status, 200);
    assert.deepEqual(stored.body.participants, [tenant.owner.id]);
    assert.equal(stored.body.lead.lead_id, visitor);
    const messages = await t.http('GET', `/${tenant.projectId}/requests/${request.request_id}/messages`, {
      headers: tenant.owner.basic,
    });
    assert.deepEqual(
      messages.body.map((m: any) => [m.sender, m.text, m.createdAt]),
      [
        [visitor, 'How can i restore my password', new Date(1665584701710).toISOString()],
        ['chatbot1', 'You can find it here https://tiledesk.com', new Date(1665584701711).toISOString()],
      ],
    );
  });
});
