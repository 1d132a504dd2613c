import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, createProject, newTenant, signup, type Tenant } from './helpers/factories.js';
import {
  isProjectOpen,
  isWithinHours,
  parseWeeklyHours,
  type WeeklyHours,
} from '../src/modules/projects/operating-hours.js';

const PROFILE_FORBIDDEN = {
  success: false,
  error: "You don't have the permission required to modify the project profile",
};

/** The wall clock in a time zone, computed independently of the code under test. */
function clockIn(timeZone: string, now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => parts.find((part) => part.type === type)!.value;
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { weekday, isoWeekday: weekday === 0 ? 7 : weekday, time: `${get('hour')}:${get('minute')}` };
}

const hoursJson = (days: Record<number, Array<{ start: string; end: string }>>, tzname: string) =>
  JSON.stringify({ ...days, tzname });

describe('operating hours (pure functions)', () => {
  const parse = (text: string, maxDay: 6 | 7) => {
    const parsed = parseWeeklyHours(text, maxDay);
    assert.ok(!('problems' in parsed), JSON.stringify(parsed));
    return parsed as WeeklyHours;
  };
  // 2024-06-02 is a Sunday.
  const sundayNoonUtc = new Date('2024-06-02T12:00:00Z');

  it('keys project hours by weekday 0 (Sunday) .. 6 and time slots by ISO weekday 1 .. 7 (Sunday)', () => {
    const sundayOnly = [{ start: '00:00', end: '23:59' }];
    const project = parse(hoursJson({ 0: sundayOnly }, 'UTC'), 6);
    assert.equal(isWithinHours(project, sundayNoonUtc, 'sunday0'), true);
    const slot = parse(hoursJson({ 7: sundayOnly }, 'UTC'), 7);
    assert.equal(isWithinHours(slot, sundayNoonUtc, 'iso'), true);
    // Key 1 is Monday in both schemes.
    const monday = parse(hoursJson({ 1: sundayOnly }, 'UTC'), 7);
    assert.equal(isWithinHours(monday, sundayNoonUtc, 'iso'), false);
    assert.equal(isWithinHours(monday, new Date('2024-06-03T12:00:00Z'), 'iso'), true);
    assert.equal(isWithinHours(monday, new Date('2024-06-03T12:00:00Z'), 'sunday0'), true);
  });

  it('includes the start of a range and excludes its end', () => {
    const hours = parse(hoursJson({ 0: [{ start: '09:00', end: '13:00' }] }, 'UTC'), 6);
    const at = (time: string) => isWithinHours(hours, new Date(`2024-06-02T${time}:00Z`), 'sunday0');
    assert.equal(at('08:59'), false);
    assert.equal(at('09:00'), true);
    assert.equal(at('12:59'), true);
    assert.equal(at('13:00'), false);
  });

  it('accepts several ranges a day', () => {
    const hours = parse(
      hoursJson(
        {
          0: [
            { start: '09:00', end: '12:00' },
            { start: '14:00', end: '18:00' },
          ],
        },
        'UTC',
      ),
      6,
    );
    const at = (time: string) => isWithinHours(hours, new Date(`2024-06-02T${time}:00Z`), 'sunday0');
    assert.deepEqual(['10:00', '13:00', '15:00', '18:30'].map(at), [true, false, true, false]);
  });

  it('reads the clock in the hours time zone, weekday included', () => {
    // Sunday 23:30 UTC is already Monday 01:30 in Rome (summer time, UTC+2).
    const late = new Date('2024-06-02T23:30:00Z');
    const rome = parse(hoursJson({ 1: [{ start: '01:00', end: '02:00' }] }, 'Europe/Rome'), 6);
    assert.equal(isWithinHours(rome, late, 'sunday0'), true);
    const utc = parse(hoursJson({ 1: [{ start: '01:00', end: '02:00' }] }, 'UTC'), 6);
    assert.equal(isWithinHours(utc, late, 'sunday0'), false);
    // Monday 02:00 UTC is still Sunday 22:00 in New York (UTC-4).
    const newYork = parse(hoursJson({ 7: [{ start: '21:00', end: '23:00' }] }, 'America/New_York'), 7);
    assert.equal(isWithinHours(newYork, new Date('2024-06-03T02:00:00Z'), 'iso'), true);
    // Winter time moves the offset: 08:30 UTC in January is 09:30 in Rome (UTC+1).
    const winter = parse(hoursJson({ 3: [{ start: '09:00', end: '10:00' }] }, 'Europe/Rome'), 6);
    assert.equal(isWithinHours(winter, new Date('2024-01-03T08:30:00Z'), 'sunday0'), true);
    assert.equal(isWithinHours(winter, new Date('2024-01-03T09:30:00Z'), 'sunday0'), false);
  });

  it('lists every problem of invalid hours', () => {
    const problems = (text: string, maxDay: 6 | 7 = 6) => {
      const parsed = parseWeeklyHours(text, maxDay);
      assert.ok('problems' in parsed, `expected problems for ${text}`);
      return parsed.problems;
    };
    assert.equal(problems('not json').length, 1);
    assert.equal(problems('[]').length, 1);
    assert.equal(problems('"text"').length, 1);
    assert.match(problems(hoursJson({}, 'Mars/Olympus')).join(), /time zone/);
    assert.match(problems(JSON.stringify({ 1: [] })).join(), /time zone/);
    assert.match(problems(hoursJson({ 7: [] }, 'UTC'), 6).join(), /weekday key: 7/);
    assert.match(problems(hoursJson({ 0: [] }, 'UTC'), 7).join(), /weekday key: 0/);
    assert.match(problems(JSON.stringify({ mon: [], tzname: 'UTC' })).join(), /weekday key: mon/);
    for (const range of [
      { start: '9:00', end: '10:00' },
      { start: '09:00', end: '12:60' },
      { start: '24:00', end: '24:00' },
      { start: '09:00' },
    ]) {
      assert.match(problems(hoursJson({ 1: [range as { start: string; end: string }] }, 'UTC')).join(), /weekday 1/);
    }
    assert.match(problems(JSON.stringify({ 1: 'always', tzname: 'UTC' })).join(), /weekday 1/);
    const many = problems(JSON.stringify({ 9: [], 1: 'x', tzname: 'Nowhere/Land' }));
    assert.equal(many.length, 3);
  });

  it('decides whether a project or a time slot is open', () => {
    const base = { active_operating_hours: false, operating_hours: null, time_slots: null };
    const now = sundayNoonUtc;
    assert.equal(isProjectOpen(base, now), true, 'hours switched off: always open');
    assert.equal(isProjectOpen({ ...base, active_operating_hours: true }, now), false, 'on but empty: closed');
    assert.equal(
      isProjectOpen({ ...base, active_operating_hours: true, operating_hours: 'garbage' }, now),
      false,
      'unreadable hours: closed',
    );
    const sunday = hoursJson({ 0: [{ start: '11:00', end: '13:00' }] }, 'UTC');
    assert.equal(isProjectOpen({ ...base, active_operating_hours: true, operating_hours: sunday }, now), true);
    assert.equal(isProjectOpen({ ...base, active_operating_hours: false, operating_hours: sunday }, now), true);
    const monday = hoursJson({ 1: [{ start: '11:00', end: '13:00' }] }, 'UTC');
    assert.equal(isProjectOpen({ ...base, active_operating_hours: true, operating_hours: monday }, now), false);

    const slots = {
      sunday: { active: true, hours: hoursJson({ 7: [{ start: '11:00', end: '13:00' }] }, 'UTC') },
      monday: { active: true, hours: hoursJson({ 1: [{ start: '11:00', end: '13:00' }] }, 'UTC') },
      off: { active: false, hours: hoursJson({ 1: [{ start: '11:00', end: '13:00' }] }, 'UTC') },
      empty: { active: true },
    };
    // The project's own hours do not matter for a slot.
    const project = { ...base, active_operating_hours: true, operating_hours: monday, time_slots: slots };
    assert.equal(isProjectOpen(project, now, 'sunday'), true);
    assert.equal(isProjectOpen(project, now, 'monday'), false);
    assert.equal(isProjectOpen(project, now, 'off'), true);
    assert.equal(isProjectOpen(project, now, 'empty'), false);
    assert.equal(isProjectOpen(project, now, 'unknown'), true);
  });
});

describe('projects', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const update = (tenant: Tenant, body: unknown, method = 'PUT', headers = tenant.owner.basic) =>
    t.http(method, `/projects/${tenant.projectId}`, { headers, body });

  describe('POST /projects', () => {
    it('creates the project, the owner membership and an assigned "Default Department"', async () => {
      const owner = await signup(t);
      const response = await t.http('POST', '/projects', {
        headers: owner.jwt,
        body: { name: 'Acme support', defaultLanguage: 'it' },
      });
      assert.equal(response.status, 200, response.text);
      const project = response.body;
      assert.match(project._id, /^[0-9a-f]{24}$/);
      assert.equal(project.id, project._id);
      assert.equal(project.name, 'Acme support');
      assert.equal(project.status, 100);
      assert.equal(project.activeOperatingHours, false);
      assert.equal(project.createdBy, owner.id);
      assert.deepEqual(project.settings, {});
      assert.deepEqual(project.channels, [{ name: 'chat21' }]);
      assert.deepEqual(project.bannedUsers, []);
      assert.equal(project.isActiveSubscription, true);
      assert.equal(project.trialExpired, false);
      assert.equal(typeof project.profile, 'object');
      assert.equal(project.jwt_secret, undefined);
      assert.equal(project.jwtSecret, undefined);
      assert.equal(project.ticket_seq, undefined);

      const me = await t.http('GET', `/${project._id}/project_users/me`, { headers: owner.basic });
      assert.equal(me.status, 200, me.text);
      assert.equal(me.body.length, 1);
      assert.equal(me.body[0].role, 'owner');
      assert.equal(me.body[0].roleType, 1);
      assert.equal(me.body[0].user_available, true);
      assert.equal(me.body[0].id_user._id, owner.id);

      const departments = await t.http('GET', `/${project._id}/departments`);
      assert.equal(departments.status, 200);
      assert.equal(departments.body.length, 1);
      assert.equal(departments.body[0].name, 'Default Department');
      assert.equal(departments.body[0].routing, 'assigned');
      assert.equal(departments.body[0].default, true);
      assert.equal(departments.body[0].status, 1);
    });

    it('requires credentials of a registered user and a name', async () => {
      const owner = await signup(t);
      assert.equal((await t.http('POST', '/projects', { body: { name: 'x' } })).status, 401);
      const missing = await t.http('POST', '/projects', { headers: owner.basic, body: {} });
      assert.equal(missing.status, 422);
      assert.equal(missing.body.errors[0].param, 'name');
      const empty = await t.http('POST', '/projects', { headers: owner.basic, body: { name: '' } });
      assert.equal(empty.status, 422);
      const tenant = await newTenant(t);
      const visitor = await anonymous(t, tenant.projectId);
      const guest = await t.http('POST', '/projects', { headers: visitor.headers, body: { name: 'x' } });
      assert.equal(guest.status, 403);
    });
  });

  describe('GET /projects', () => {
    it("lists the caller's memberships with the project populated, newest-updated first", async () => {
      const owner = await signup(t);
      const first = await createProject(t, owner, 'First');
      const second = await createProject(t, owner, 'Second');
      const stranger = await newTenant(t);

      let list = await t.http('GET', '/projects', { headers: owner.jwt });
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.map((m: any) => m.id_project.name),
        ['Second', 'First'],
      );
      const membership = list.body[1];
      assert.equal(membership.role, 'owner');
      assert.equal(membership.roleType, 1);
      assert.equal(membership.id_project._id, first._id);
      assert.equal(membership.id_project.status, 100);
      assert.equal(membership.id_user, owner.id);
      assert.ok(!list.body.some((m: any) => m.id_project._id === stranger.projectId));

      const renamed = await t.http('PUT', `/projects/${first._id}`, { headers: owner.basic, body: { name: 'First!' } });
      assert.equal(renamed.status, 200);
      list = await t.http('GET', '/projects', { headers: owner.jwt });
      assert.deepEqual(
        list.body.map((m: any) => m.id_project._id),
        [first._id, second._id],
      );
    });

    it('includes projects the caller was invited to, and not deleted projects', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const other = await newTenant(t);
      const list = await t.http('GET', '/projects', { headers: agent.basic });
      assert.deepEqual(
        list.body.map((m: any) => [m.id_project._id, m.role]),
        [[tenant.projectId, 'agent']],
      );
      await t.http('DELETE', `/projects/${other.projectId}`, { headers: other.owner.basic });
      const ownerList = await t.http('GET', '/projects', { headers: other.owner.basic });
      assert.deepEqual(ownerList.body, []);
    });
  });

  describe('GET /projects/:id', () => {
    it('is readable by agents, not by guests, strangers or anonymous callers', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const read = await t.http('GET', `/projects/${tenant.projectId}`, { headers: agent.jwt });
      assert.equal(read.status, 200);
      assert.equal(read.body._id, tenant.projectId);

      const visitor = await anonymous(t, tenant.projectId);
      const guest = await t.http('GET', `/projects/${tenant.projectId}`, { headers: visitor.headers });
      assert.equal(guest.status, 403);
      assert.deepEqual(guest.body, { success: false, msg: 'you dont have the required role.' });

      const stranger = await signup(t);
      const outsider = await t.http('GET', `/projects/${tenant.projectId}`, { headers: stranger.basic });
      assert.equal(outsider.status, 403);
      assert.deepEqual(outsider.body, { success: false, msg: 'you dont belong to the project.' });

      assert.equal((await t.http('GET', `/projects/${tenant.projectId}`)).status, 401);
    });

    it('answers 400 for a malformed or unknown project id', async () => {
      const owner = await signup(t);
      const malformed = await t.http('GET', '/projects/nope', { headers: owner.basic });
      assert.equal(malformed.status, 400);
      assert.deepEqual(malformed.body, { error: 'Invalid project id: nope' });
      const unknown = await t.http('GET', '/projects/0123456789abcdef01234567', { headers: owner.basic });
      assert.equal(unknown.status, 400);
      assert.deepEqual(unknown.body, { error: 'Project not found with id: 0123456789abcdef01234567' });
    });
  });

  describe('PUT/PATCH /projects/:id', () => {
    it('changes allowed fields and ignores unknown or forbidden ones', async () => {
      const tenant = await newTenant(t);
      const response = await update(tenant, {
        name: 'Renamed',
        widget: { themeColor: '#ff0000' },
        channels: [{ name: 'chat21' }, { name: 'email' }],
        ipFilterEnabled: true,
        ipFilter: ['10.0.0.0/8'],
        bannedUsers: [{ id: 'u1', ip: '1.2.3.4' }],
        attributes: { plan: 'gold' },
        versions: 30000,
        // not changeable through this route
        status: 0,
        createdBy: 'intruder',
        _id: '0123456789abcdef01234567',
        jwtSecret: 'mine',
        jwt_secret: 'mine',
        ticket_seq: 99,
        trialExpired: true,
        createdAt: '2000-01-01T00:00:00.000Z',
        unknownField: 'x',
      });
      assert.equal(response.status, 200, response.text);
      const project = response.body;
      assert.equal(project.name, 'Renamed');
      assert.deepEqual(project.widget, { themeColor: '#ff0000' });
      assert.deepEqual(project.channels, [{ name: 'chat21' }, { name: 'email' }]);
      assert.equal(project.ipFilterEnabled, true);
      assert.deepEqual(project.ipFilter, ['10.0.0.0/8']);
      // Each entry gets an _id (Tiledesk's subdocuments have one), which DELETE /ban/:ban_id names.
      assert.match(project.bannedUsers[0]._id, /^[0-9a-f]{24}$/);
      assert.deepEqual(project.bannedUsers, [{ _id: project.bannedUsers[0]._id, id: 'u1', ip: '1.2.3.4' }]);
      assert.deepEqual(project.attributes, { plan: 'gold' });
      assert.equal(project.versions, 30000);
      assert.equal(project.status, 100);
      assert.equal(project.createdBy, tenant.owner.id);
      assert.equal(project._id, tenant.projectId);
      assert.equal(project.trialExpired, false);
      assert.equal(project.createdAt, tenant.project.createdAt);
      assert.equal(project.unknownField, undefined);
      assert.ok(project.updatedAt >= tenant.project.updatedAt);

      // The project secret was not set: a custom token cannot be signed with "mine".
      const read = await t.http('GET', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic });
      assert.equal(read.body.name, 'Renamed');
      assert.equal(read.body.status, 100);
    });

    it('PATCH behaves like PUT and leaves absent fields alone', async () => {
      const tenant = await newTenant(t);
      await update(tenant, { name: 'Before', attributes: { a: 1 } });
      const patched = await update(tenant, { widget: { x: 1 } }, 'PATCH');
      assert.equal(patched.status, 200);
      assert.equal(patched.body.name, 'Before');
      assert.deepEqual(patched.body.attributes, { a: 1 });
      assert.deepEqual(patched.body.widget, { x: 1 });
    });

    it('merges settings.<key> dotted keys into settings, nested paths included', async () => {
      const tenant = await newTenant(t);
      let response = await update(tenant, { settings: { email: { from: 'a@b.c' }, keep: true } });
      assert.deepEqual(response.body.settings, { email: { from: 'a@b.c' }, keep: true });

      response = await update(tenant, {
        'settings.chat_limit_on': true,
        'settings.max_agent_assigned_chat': 3,
        'settings.email.autoSendTranscriptToRequester': true,
      });
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(response.body.settings, {
        email: { from: 'a@b.c', autoSendTranscriptToRequester: true },
        keep: true,
        chat_limit_on: true,
        max_agent_assigned_chat: 3,
      });

      response = await update(tenant, { 'settings.email.config.host': 'smtp.example.test' }, 'PATCH');
      assert.deepEqual(response.body.settings.email, {
        from: 'a@b.c',
        autoSendTranscriptToRequester: true,
        config: { host: 'smtp.example.test' },
      });
      assert.equal(response.body.settings.chat_limit_on, true);

      // A whole `settings` object replaces settings, as in Tiledesk.
      response = await update(tenant, { settings: { only: 1 } });
      assert.deepEqual(response.body.settings, { only: 1 });
    });

    it('ignores dotted keys that could reach the object prototype', async () => {
      const tenant = await newTenant(t);
      const response = await update(tenant, {
        'settings.__proto__.polluted': 'yes',
        'settings.constructor.prototype.polluted': 'yes',
        'settings.a..b': 1,
        'settings.fine': 1,
      });
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(response.body.settings, { fine: 1 });
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('refuses a profile change with 403 and the Tiledesk body, changing nothing', async () => {
      const tenant = await newTenant(t);
      const response = await update(tenant, { name: 'Sneaky', profile: { name: 'Enterprise', agents: 99 } });
      assert.equal(response.status, 403);
      assert.deepEqual(response.body, PROFILE_FORBIDDEN);
      const read = await t.http('GET', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic });
      assert.equal(read.body.name, 'Test project');
      assert.deepEqual(read.body.profile, tenant.project.profile);
    });

    it('requires admin to write: agents read only', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const admin = await addMember(t, tenant, 'admin');
      const denied = await update(tenant, { name: 'By agent' }, 'PUT', agent.basic);
      assert.equal(denied.status, 403);
      assert.deepEqual(denied.body, { success: false, msg: 'you dont have the required role.' });
      assert.equal((await update(tenant, { name: 'By agent' }, 'PATCH', agent.basic)).status, 403);
      const allowed = await update(tenant, { name: 'By admin' }, 'PUT', admin.basic);
      assert.equal(allowed.status, 200);
      assert.equal(allowed.body.name, 'By admin');
    });

    it('answers 422 for wrong types', async () => {
      const tenant = await newTenant(t);
      for (const body of [
        { name: '' },
        { activeOperatingHours: 'sometimes' },
        { settings: 'all' },
        { channels: 'chat21' },
        { versions: 'new' },
      ]) {
        const response = await update(tenant, body);
        assert.equal(response.status, 422, JSON.stringify(body));
        assert.ok(Array.isArray(response.body.errors));
      }
    });
  });

  describe('DELETE /projects/:id', () => {
    it('soft-deletes (owner only): the project then answers 400 "Project not found"', async () => {
      const tenant = await newTenant(t);
      const admin = await addMember(t, tenant, 'admin');
      const denied = await t.http('DELETE', `/projects/${tenant.projectId}`, { headers: admin.basic });
      assert.equal(denied.status, 403);

      const deleted = await t.http('DELETE', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic });
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body._id, tenant.projectId);
      assert.equal(deleted.body.status, 0);

      const notFound = { error: `Project not found with id: ${tenant.projectId}` };
      const read = await t.http('GET', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic });
      assert.equal(read.status, 400);
      assert.deepEqual(read.body, notFound);
      const team = await t.http('GET', `/${tenant.projectId}/project_users`, { headers: tenant.owner.basic });
      assert.equal(team.status, 400);
      assert.deepEqual(team.body, notFound);
      assert.equal((await t.http('GET', `/projects/${tenant.projectId}/isopen`)).status, 400);
      const visitor = await t.http('POST', '/auth/signinAnonymously', { body: { id_project: tenant.projectId } });
      assert.equal(visitor.status, 400);
    });

    it('deletes physically with /physical (owner only)', async () => {
      const tenant = await newTenant(t);
      const admin = await addMember(t, tenant, 'admin');
      const url = `/projects/${tenant.projectId}/physical`;
      assert.equal((await t.http('DELETE', url, { headers: admin.basic })).status, 403);
      const deleted = await t.http('DELETE', url, { headers: tenant.owner.basic });
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body._id, tenant.projectId);
      const read = await t.http('GET', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic });
      assert.equal(read.status, 400);
      const list = await t.http('GET', '/projects', { headers: admin.basic });
      assert.deepEqual(list.body, []);
    });
  });

  describe('GET /projects/:id/isopen', () => {
    const isOpen = async (tenant: Tenant, query = '') => {
      const response = await t.http('GET', `/projects/${tenant.projectId}/isopen${query}`);
      assert.equal(response.status, 200, response.text);
      return response.body.isopen as boolean;
    };

    /**
     * Sets hours built from the clock at that moment and checks /isopen against the expected
     * answer; repeats when the minute turned during the call, so the outcome never depends on timing.
     */
    async function checkAt(
      tenant: Tenant,
      timeZone: string,
      build: (clock: ReturnType<typeof clockIn>) => { body: Record<string, unknown>; query?: string; open: boolean },
    ) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const before = clockIn(timeZone);
        const { body, query, open } = build(before);
        const response = await update(tenant, body);
        assert.equal(response.status, 200, response.text);
        const answer = await isOpen(tenant, query);
        const after = clockIn(timeZone);
        if (before.weekday === after.weekday && before.time === after.time) {
          assert.equal(answer, open, `${timeZone} ${before.weekday} ${before.time} ${JSON.stringify(body)}`);
          return;
        }
      }
      assert.fail('the clock kept turning');
    }

    it('is public and open when operating hours are off', async () => {
      const tenant = await newTenant(t);
      assert.equal(await isOpen(tenant), true);
      await update(tenant, { operatingHours: hoursJson({}, 'UTC') });
      assert.equal(await isOpen(tenant), true);
    });

    it('is closed when hours are on and there is no range today', async () => {
      const tenant = await newTenant(t);
      for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Rome']) {
        await checkAt(tenant, timeZone, ({ weekday }) => {
          const days: Record<number, Array<{ start: string; end: string }>> = {};
          for (let day = 0; day < 7; day++) if (day !== weekday) days[day] = [{ start: '00:00', end: '23:59' }];
          return { body: { activeOperatingHours: true, operatingHours: hoursJson(days, timeZone) }, open: false };
        });
      }
    });

    it("is open with an all-day range for today in the project's time zone", async () => {
      const tenant = await newTenant(t);
      // Zones 25 hours apart: on most days, at least one of them is on another weekday than UTC.
      for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kolkata']) {
        await checkAt(tenant, timeZone, ({ weekday, time }) => ({
          body: {
            activeOperatingHours: true,
            operatingHours: hoursJson({ [weekday]: [{ start: '00:00', end: '23:59' }] }, timeZone),
          },
          open: time < '23:59',
        }));
      }
    });

    it('follows the time of day within today', async () => {
      const tenant = await newTenant(t);
      await checkAt(tenant, 'UTC', ({ weekday, time }) => ({
        body: {
          activeOperatingHours: true,
          operatingHours: hoursJson({ [weekday]: [{ start: '00:00', end: time }] }, 'UTC'),
        },
        open: false,
      }));
      await checkAt(tenant, 'UTC', ({ weekday, time }) => ({
        body: {
          activeOperatingHours: true,
          operatingHours: hoursJson({ [weekday]: [{ start: time, end: '23:59' }] }, 'UTC'),
        },
        open: time < '23:59',
      }));
    });

    it('is open again when the hours are switched off', async () => {
      const tenant = await newTenant(t);
      await update(tenant, { activeOperatingHours: true, operatingHours: hoursJson({}, 'UTC') });
      assert.equal(await isOpen(tenant), false);
      await update(tenant, { activeOperatingHours: false });
      assert.equal(await isOpen(tenant), true);
    });

    it('answers for a time slot with ?timeSlot=, keyed by ISO weekday', async () => {
      const tenant = await newTenant(t);
      const timeZone = 'Pacific/Kiritimati';
      await checkAt(tenant, timeZone, ({ isoWeekday, time }) => ({
        body: {
          // The project itself is closed: the slot's own hours decide.
          activeOperatingHours: true,
          operatingHours: hoursJson({}, 'UTC'),
          timeSlots: {
            today: {
              name: 'Today',
              active: true,
              hours: hoursJson({ [isoWeekday]: [{ start: '00:00', end: '23:59' }] }, timeZone),
            },
          },
        },
        query: '?timeSlot=today',
        open: time < '23:59',
      }));
      await checkAt(tenant, timeZone, ({ isoWeekday }) => ({
        body: {
          timeSlots: {
            other: {
              active: true,
              hours: hoursJson({ [(isoWeekday % 7) + 1]: [{ start: '00:00', end: '23:59' }] }, timeZone),
            },
          },
        },
        query: '?timeSlot=other',
        open: false,
      }));
      await update(tenant, { timeSlots: { off: { active: false, hours: hoursJson({}, 'UTC') } } });
      assert.equal(await isOpen(tenant, '?timeSlot=off'), true);
      assert.equal(await isOpen(tenant), false);
    });

    it('rejects invalid hours with 422 and keeps the previous ones', async () => {
      const tenant = await newTenant(t);
      const good = hoursJson({ 1: [{ start: '09:00', end: '18:00' }] }, 'Europe/Rome');
      assert.equal((await update(tenant, { activeOperatingHours: true, operatingHours: good })).status, 200);
      for (const body of [
        { operatingHours: 'not json' },
        { operatingHours: hoursJson({ 1: [{ start: '9', end: '18:00' }] }, 'Europe/Rome') },
        { operatingHours: hoursJson({ 7: [{ start: '09:00', end: '18:00' }] }, 'Europe/Rome') },
        { operatingHours: hoursJson({ 1: [{ start: '09:00', end: '18:00' }] }, 'Nowhere/City') },
        { operatingHours: JSON.stringify({ 1: [{ start: '09:00', end: '18:00' }] }) },
        { timeSlots: { a: { active: true, hours: hoursJson({ 0: [] }, 'UTC') } } },
        { timeSlots: { a: { active: true, hours: 'garbage' } } },
        { timeSlots: { a: { active: true, hours: { 1: [{ start: '09:00', end: '18:00' }], tzname: 'UTC' } } } },
        { timeSlots: { a: 'always' } },
      ]) {
        const response = await update(tenant, { name: 'Changed', ...body });
        assert.equal(response.status, 422, JSON.stringify(body));
        assert.equal(response.body.success, false);
      }
      const read = await t.http('GET', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic });
      assert.equal(read.body.operatingHours, good);
      assert.equal(read.body.name, 'Test project');
      assert.equal(read.body.timeSlots, undefined);
    });
  });

  describe('GET /projects/:id/users/availables', () => {
    const availables = async (tenant: Tenant, query = '', headers: Record<string, string> = {}) => {
      const response = await t.http('GET', `/projects/${tenant.projectId}/users/availables${query}`, { headers });
      assert.equal(response.status, 200, response.text);
      return response.body as Array<{ id: string; pu_id: string; fullname: string; email?: string }>;
    };
    const ids = (list: Array<{ id: string }>) => list.map((agent) => agent.id).sort();
    const setSelf = (tenant: Tenant, headers: Record<string, string>, body: unknown) =>
      t.http('PUT', `/${tenant.projectId}/project_users`, { headers, body });

    it('lists the available team members only', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const away = await addMember(t, tenant, 'agent');
      await anonymous(t, tenant.projectId);
      assert.equal((await setSelf(tenant, away.basic, { user_available: false })).status, 200);

      const list = await availables(tenant);
      assert.deepEqual(ids(list), [tenant.owner.id, agent.id].sort());
      const entry = list.find((a) => a.id === agent.id)!;
      assert.equal(entry.pu_id, agent.projectUserId);
      assert.equal(entry.fullname, `${agent.firstname} ${agent.lastname}`);
      assert.equal((entry as any).assigned_request, 0);

      // A disabled or removed member is not available either.
      await t.http('DELETE', `/${tenant.projectId}/project_users/${agent.projectUserId}?soft=true`, {
        headers: tenant.owner.basic,
      });
      assert.deepEqual(ids(await availables(tenant)), [tenant.owner.id]);
    });

    it('restricts ?department= with a group to the members of the group', async () => {
      const tenant = await newTenant(t);
      const inGroup = await addMember(t, tenant, 'agent');
      await addMember(t, tenant, 'agent');
      const group = await t.http('POST', `/${tenant.projectId}/groups`, {
        headers: tenant.owner.basic,
        body: { name: 'Sales', members: [inGroup.id] },
      });
      assert.equal(group.status, 200, group.text);
      const department = await t.http('POST', `/${tenant.projectId}/departments`, {
        headers: tenant.owner.basic,
        body: { name: 'Sales', routing: 'assigned', id_group: group.body._id },
      });
      assert.equal(department.status, 200, department.text);

      assert.deepEqual(ids(await availables(tenant, `?department=${department.body._id}`)), [inGroup.id]);
      assert.equal((await availables(tenant, '?department=default')).length, 3);
      assert.equal((await availables(tenant)).length, 3);
      const unknown = await t.http(
        'GET',
        `/projects/${tenant.projectId}/users/availables?department=0123456789abcdef01234567`,
      );
      assert.equal(unknown.status, 404);
    });

    it('applies the chat limit of the project and the per-agent override', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      // Requests do not exist yet: with a limit of 0 everybody is at the limit.
      await update(tenant, { 'settings.chat_limit_on': true, 'settings.max_agent_assigned_chat': 0 });
      assert.deepEqual(await availables(tenant), []);

      assert.equal((await setSelf(tenant, agent.basic, { max_assigned_chat: 5 })).status, 200);
      assert.deepEqual(ids(await availables(tenant)), [agent.id]);
      // -1 means "the project's limit".
      await setSelf(tenant, agent.basic, { max_assigned_chat: -1 });
      assert.deepEqual(await availables(tenant), []);

      // With the limit switched off nobody is limited, per-agent limits included.
      await setSelf(tenant, agent.basic, { max_assigned_chat: 0 });
      await update(tenant, { 'settings.chat_limit_on': false });
      assert.deepEqual(ids(await availables(tenant)), [tenant.owner.id, agent.id].sort());
    });

    it('is empty while the project is closed, unless raw=true', async () => {
      const tenant = await newTenant(t);
      await update(tenant, { activeOperatingHours: true, operatingHours: hoursJson({}, 'UTC') });
      assert.deepEqual(await availables(tenant), []);
      assert.deepEqual(ids(await availables(tenant, '?raw=true')), [tenant.owner.id]);
    });

    it('shows emails to team members only, never to anonymous callers', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const visitor = await anonymous(t, tenant.projectId);
      const stranger = await newTenant(t);

      for (const headers of [{}, visitor.headers, stranger.owner.basic, { authorization: 'JWT garbage' }]) {
        const list = await availables(tenant, '', headers);
        assert.equal(list.length, 2);
        assert.ok(
          list.every((a) => a.email === undefined),
          JSON.stringify(headers),
        );
      }
      const seen = await availables(tenant, '', agent.jwt);
      assert.deepEqual(seen.map((a) => a.email).sort(), [agent.email, tenant.owner.email].sort());
    });
  });
});
