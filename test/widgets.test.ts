import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, newTenant } from './helpers/factories.js';
import { createBot } from './helpers/machine-principals.js';

describe('GET /:project_id/widgets', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('answers the public with the project, available agents, visible departments, ip and bot rules', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const away = await addMember(t, tenant, 'agent');
    const setAway = await t.http('PUT', `/${tenant.projectId}/project_users`, {
      headers: away.basic,
      body: { user_available: false },
    });
    assert.equal(setAway.status, 200, setAway.text);
    const hidden = await t.http('POST', `/${tenant.projectId}/departments`, {
      headers: tenant.owner.basic,
      body: { name: 'Hidden', status: 0 },
    });
    assert.equal(hidden.status, 200, hidden.text);
    const sales = await t.http('POST', `/${tenant.projectId}/departments`, {
      headers: tenant.owner.basic,
      body: { name: 'Sales' },
    });
    await createBot(t, tenant.projectId, { attributes: { rules: [{ uid: 'r1' }, { uid: 'r2' }] } });
    await createBot(t, tenant.projectId, { attributes: { rules: [{ uid: 'r3' }] } });
    await createBot(t, tenant.projectId, { attributes: { rules: [{ uid: 'trashed' }] }, trashed: true });
    await createBot(t, tenant.projectId, { attributes: { other: true } });

    const response = await t.http('GET', `/${tenant.projectId}/widgets`);
    assert.equal(response.status, 200, response.text);
    const body = response.body;
    assert.deepEqual(Object.keys(body).sort(), ['botsRules', 'departments', 'ip', 'project', 'user_available']);
    assert.equal(body.project._id, tenant.projectId);
    assert.equal(body.project.name, tenant.project.name);
    assert.deepEqual(body.user_available.map((user: any) => user.id).sort(), [tenant.owner.id, agent.id].sort());
    const me = body.user_available.find((user: any) => user.id === agent.id);
    assert.deepEqual(me, {
      id: agent.id,
      firstname: agent.firstname,
      fullname: `${agent.firstname} ${agent.lastname}`,
    });
    assert.deepEqual(body.departments.map((department: any) => department.name).sort(), [
      'Default Department',
      'Sales',
    ]);
    const salesWire = body.departments.find((department: any) => department.name === 'Sales');
    assert.equal(salesWire._id, sales.body._id);
    assert.equal(salesWire.id, sales.body._id);
    assert.equal(body.ip, '127.0.0.1');
    assert.deepEqual(body.botsRules.map((rule: any) => rule.uid).sort(), ['r1', 'r2', 'r3']);
    assert.ok(!response.text.includes(agent.email), 'no agent email on a public route');
  });

  it('never shows settings, ip filters, banned visitors, attributes or the project secret', async () => {
    const tenant = await newTenant(t);
    const keys = await t.http('POST', `/${tenant.projectId}/keys/generate`, { headers: tenant.owner.basic });
    assert.equal(keys.status, 200, keys.text);
    assert.ok(keys.body.jwtSecret);
    const update = await t.http('PUT', `/projects/${tenant.projectId}`, {
      headers: tenant.owner.basic,
      body: {
        widget: { themeColor: '#123456' },
        settings: { email: { config: { password: 'smtp-password-123' } } },
        ipFilterEnabled: false,
        ipFilter: ['10.9.8.7'],
        bannedUsers: [{ id: 'banned-visitor-42', ip: '10.1.1.1' }],
        attributes: { dashboard: 'internal-note-77' },
      },
    });
    assert.equal(update.status, 200, update.text);

    const response = await t.http('GET', `/${tenant.projectId}/widgets`);
    assert.equal(response.status, 200);
    const project = response.body.project;
    assert.deepEqual(project.widget, { themeColor: '#123456' });
    assert.equal(project.activeOperatingHours, false);
    assert.equal(project.id, tenant.projectId);
    for (const key of [
      'settings',
      'ipFilter',
      'ipFilterEnabled',
      'bannedUsers',
      'attributes',
      'jwtSecret',
      'createdBy',
    ]) {
      assert.equal(project[key], undefined, key);
    }
    for (const secret of [
      'smtp-password-123',
      '10.9.8.7',
      'banned-visitor-42',
      'internal-note-77',
      keys.body.jwtSecret,
    ]) {
      assert.ok(!response.text.includes(secret), `leaked ${secret}`);
    }
  });

  it('lists nobody while the project is closed, and echoes the first forwarded address', async () => {
    const tenant = await newTenant(t);
    const closed = await t.http('PUT', `/projects/${tenant.projectId}`, {
      headers: tenant.owner.basic,
      body: { activeOperatingHours: true, operatingHours: '{"tzname":"UTC"}' },
    });
    assert.equal(closed.status, 200, closed.text);
    const response = await t.http('GET', `/${tenant.projectId}/widgets`, {
      headers: { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' },
    });
    assert.deepEqual(response.body.user_available, []);
    assert.equal(response.body.ip, '203.0.113.9');
    assert.equal(response.body.project.operatingHours, '{"tzname":"UTC"}');
  });

  it('answers 400 for an invalid or unknown project, and shows nothing of another project', async () => {
    assert.deepEqual((await t.http('GET', '/nope/widgets')).body, { error: 'Invalid project id: nope' });
    const unknown = await t.http('GET', '/5f0000000000000000000000/widgets');
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body, { error: 'Project not found with id: 5f0000000000000000000000' });

    const a = await newTenant(t);
    const b = await newTenant(t);
    await createBot(t, a.projectId, { attributes: { rules: [{ uid: 'a-rule' }] } });
    await t.http('POST', `/${a.projectId}/departments`, { headers: a.owner.basic, body: { name: 'A only' } });
    const widget = await t.http('GET', `/${b.projectId}/widgets`, { headers: a.owner.basic });
    assert.equal(widget.status, 200);
    assert.deepEqual(widget.body.botsRules, []);
    assert.deepEqual(
      widget.body.user_available.map((user: any) => user.id),
      [b.owner.id],
    );
    assert.deepEqual(
      widget.body.departments.map((department: any) => department.id_project),
      [b.projectId],
    );
  });

  it("echoes the caller's address as Tiledesk reads it three ways", async () => {
    const tenant = await newTenant(t);
    const direct = await t.http('GET', `/${tenant.projectId}/widgets/ip`);
    assert.equal(direct.status, 200, direct.text);
    assert.deepEqual(direct.body, { ip: '127.0.0.1', ipStandard: '127.0.0.1', parseIp: '127.0.0.1' });
    const forwarded = await t.http('GET', `/${tenant.projectId}/widgets/ip`, {
      headers: { 'x-forwarded-for': ' 203.0.113.9 , 10.0.0.1' },
    });
    assert.deepEqual(forwarded.body, {
      ip: ' 203.0.113.9 , 10.0.0.1',
      ipStandard: '203.0.113.9',
      parseIp: ' 203.0.113.9 ',
    });
    assert.equal((await t.http('GET', '/nope/widgets/ip')).status, 400);
  });

  it("redirects /widgets/load and /w/load to Parley's widget page, with the query as given", async () => {
    for (const prefix of ['/widgets', '/w']) {
      const load = await t.http('GET', `${prefix}/load?tiledesk_projectid=abc&x=%20y`);
      assert.equal(load.status, 302);
      assert.equal(load.headers.location, '/widget/?tiledesk_projectid=abc&x=%20y');
      assert.equal((await t.http('GET', `${prefix}/load`)).headers.location, '/widget/');
      assert.equal((await t.http('GET', `${prefix}/test/load?a=1`)).headers.location, '/widget/?a=1');
    }
  });
});

describe('the widget loader with WIDGET_LOCATION', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      WIDGET_LOCATION: 'https://widget.example.test/v6/',
      WIDGET_TEST_LOCATION: 'https://test-widget.example.test/',
    });
  });
  after(() => t.close());

  it('redirects /load and /test/load to the configured locations', async () => {
    assert.equal(
      (await t.http('GET', '/widgets/load?project=1')).headers.location,
      'https://widget.example.test/v6/?project=1',
    );
    assert.equal(
      (await t.http('GET', '/w/test/load?project=1')).headers.location,
      'https://test-widget.example.test/?project=1',
    );
  });

  it('serves the v5 embed script, the project id kept a string whatever it holds', async () => {
    const script = await t.http('GET', '/widgets/v5/5f0000000000000000000001');
    assert.equal(script.status, 200);
    assert.equal(script.headers['content-type'], 'application/javascript; charset=utf-8');
    assert.match(script.text, /projectid: "5f0000000000000000000001"/);
    assert.match(script.text, /js\.src="https:\/\/widget\.example\.test\/v6\/launch\.js"/);
    const hostile = await t.http('GET', `/w/v5/${encodeURIComponent('x";alert(1);//')}`);
    assert.equal(hostile.status, 200);
    assert.match(hostile.text, /projectid: "x\\";alert\(1\);\/\/"/);
  });

  it('refuses to start with a WIDGET_LOCATION that is neither an http(s) URL nor a path', async () => {
    await assert.rejects(startTestApp({ WIDGET_LOCATION: 'javascript:alert(1)' }), /WIDGET_LOCATION must be/);
  });
});
