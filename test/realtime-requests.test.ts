/**
 * The conversation topics: the inbox `/<p>/requests`, one request `/<p>/requests/<id>` and its
 * messages `/<p>/requests/<id>/messages` - snapshots, live frames, who sees what, replay over a
 * reconnect, imports, and the memberships' load announced as requests move.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';
import {
  createDepartment,
  createGroup,
  createRequest,
  membershipOf,
  newRequestId,
  setMember,
  updateProject,
} from './helpers/conversations.js';
import { TestSocket, type Frame } from './helpers/ws-client.js';

describe('realtime request topics', () => {
  let t: TestApp;
  let base: string;
  const sockets: TestSocket[] = [];
  const connect = async (token: string) => {
    const socket = await TestSocket.open(TestSocket.url(base, token));
    sockets.push(socket);
    return socket;
  };

  before(async () => {
    t = await startTestApp();
    base = await t.listen();
  });
  after(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  async function call(method: string, url: string, headers: Record<string, string>, body?: unknown) {
    const response = await t.http(method, url, { headers, body });
    assert.equal(response.status, 200, `${method} ${url}: ${response.text}`);
    return response.body;
  }

  /** A message into a conversation; the first one to a new id creates the request. */
  const post = (tenant: Tenant, requestId: string, headers: Record<string, string>, body: Record<string, unknown>) =>
    call('POST', `/${tenant.projectId}/requests/${requestId}/messages`, headers, body);

  /** Subscribes and returns the first frame (the current state). */
  async function subscribe(socket: TestSocket, topic: string, since?: number): Promise<Frame> {
    socket.subscribe(topic, since);
    return socket.publish(topic, 'CREATE');
  }

  /** Publish frames received so far on `topic` and not yet taken (after a round trip). */
  async function nothingMoreOn(socket: TestSocket, topic: string) {
    assert.deepEqual(await socket.pendingPublishes(topic), []);
  }

  describe('the inbox /<project>/requests', () => {
    it("starts with the open requests the caller sees, last updated first, in Tiledesk's shape", async () => {
      const tenant = await newTenant(t);
      const p = tenant.projectId;
      const owner = tenant.owner;
      const older = await createRequest(t, tenant, { first_text: 'older' });
      const closed = await createRequest(t, tenant, { first_text: 'closed' });
      await call('PUT', `/${p}/requests/${closed.request_id}/close`, owner.jwt);
      await createRequest(t, tenant, { first_text: 'draft', sourcePage: 'https://x.test/?td_draft=true' });
      await post(tenant, newRequestId(p), owner.jwt, { text: 'preflight', preflight: true });
      await post(tenant, newRequestId(p), owner.jwt, { text: 'temporary', request_status: 50 });
      const visitor = await anonymous(t, p, 'Visiting');
      const fromVisitor = newRequestId(p);
      await post(tenant, fromVisitor, visitor.headers, { text: 'from a visitor' });
      await call('PATCH', `/${p}/requests/${older.request_id}`, owner.jwt, { subject: 'touched last' });

      const socket = await connect(owner.token);
      const snapshot = await subscribe(socket, `/${p}/requests`);
      const items = snapshot.payload.message as any[];
      assert.deepEqual(
        items.map((r) => r.request_id),
        [older.request_id, fromVisitor],
      );
      assert.ok(Number.isSafeInteger(snapshot.payload.seq));
      const [touched, visitors] = items;
      assert.equal(touched.subject, 'touched last');
      assert.deepEqual(touched.snapshot.agents, [{ id_user: owner.id }]);
      assert.equal(touched.snapshot.requester.isAuthenticated, true);
      assert.equal(visitors.snapshot.requester.isAuthenticated, false);
      assert.equal(typeof visitors.lead, 'object', 'populated, as live frames are');
      assert.equal(visitors.lead.fullname, 'Visiting');
    });

    it('publishes a new conversation as CREATE, changes as UPDATE, and a close as one UPDATE', async () => {
      const tenant = await newTenant(t);
      const p = tenant.projectId;
      const socket = await connect(tenant.owner.token);
      const topic = `/${p}/requests`;
      const snapshot = await subscribe(socket, topic);
      assert.deepEqual(snapshot.payload.message, []);

      const visitor = await anonymous(t, p);
      const requestId = newRequestId(p);
      await post(tenant, requestId, visitor.headers, { text: 'Hello, anyone there?' });
      const created = await socket.publish(topic, 'CREATE');
      assert.equal(created.payload.message.request_id, requestId);
      assert.equal(created.payload.message.first_text, 'Hello, anyone there?');
      assert.deepEqual(created.payload.message.participants, [tenant.owner.id]);
      assert.deepEqual(created.payload.message.snapshot, { agents: [{ id_user: tenant.owner.id }] });
      assert.ok(created.payload.seq > snapshot.payload.seq);

      await call('PATCH', `/${p}/requests/${requestId}`, tenant.owner.jwt, { subject: 'Billing' });
      const updated = await socket.publish(topic, 'UPDATE');
      assert.equal(updated.payload.message.subject, 'Billing');
      assert.deepEqual(updated.payload.message.snapshot, { agents: [{ id_user: tenant.owner.id }] });

      // Replies do not change the request's listing (as Tiledesk: no request.update for a message).
      await post(tenant, requestId, tenant.owner.jwt, { text: 'Yes, how can I help?' });
      await call('PUT', `/${p}/requests/${requestId}/close`, tenant.owner.jwt);
      const closed = await socket.publish(topic, 'UPDATE');
      assert.equal(closed.payload.message.status, 1000);
      assert.equal(closed.payload.seq, updated.payload.seq + 1);
      await nothingMoreOn(socket, topic);
    });

    it('shows each agent only the requests they take part in or were routed among', async () => {
      const tenant = await newTenant(t);
      const p = tenant.projectId;
      const inGroup = await addMember(t, tenant, 'agent');
      const outside = await addMember(t, tenant, 'agent');
      const admin = await addMember(t, tenant, 'admin');
      const group = await createGroup(t, tenant, [tenant.owner.id, inGroup.id]);
      const department = await createDepartment(t, tenant, { name: 'Group only', id_group: group._id });
      const before = await createRequest(t, tenant, { first_text: 'before', departmentid: department._id });

      const topic = `/${p}/requests`;
      const [ownerSocket, inSocket, outSocket, adminSocket] = await Promise.all(
        [tenant.owner, inGroup, outside, admin].map((user) => connect(user.token)),
      );
      const snapshots = await Promise.all(
        [ownerSocket, inSocket, outSocket, adminSocket].map((socket) => subscribe(socket, topic)),
      );
      const ids = (frame: Frame) => frame.payload.message.map((r: any) => r.request_id);
      assert.deepEqual(ids(snapshots[0]), [before.request_id]);
      assert.deepEqual(ids(snapshots[1]), [before.request_id]);
      assert.deepEqual(ids(snapshots[2]), []);
      assert.deepEqual(ids(snapshots[3]), [before.request_id]);

      const grouped = await createRequest(t, tenant, { first_text: 'group', departmentid: department._id });
      const everyone = await createRequest(t, tenant, { first_text: 'everyone' });
      for (const socket of [ownerSocket, inSocket, adminSocket]) {
        assert.equal((await socket.publish(topic, 'CREATE')).payload.message.request_id, grouped.request_id);
        assert.equal((await socket.publish(topic, 'CREATE')).payload.message.request_id, everyone.request_id);
      }
      // Frames of a topic arrive in order: had the group's request reached the outsider, it would come first.
      assert.equal((await outSocket.publish(topic, 'CREATE')).payload.message.request_id, everyone.request_id);
      await nothingMoreOn(outSocket, topic);

      // Made a participant, the outsider sees the request's changes from then on.
      await call('POST', `/${p}/requests/${grouped.request_id}/participants`, tenant.owner.jwt, {
        member: outside.id,
      });
      const joined = await outSocket.publish(topic, 'UPDATE');
      assert.equal(joined.payload.message.request_id, grouped.request_id);
      assert.ok(joined.payload.message.participants.includes(outside.id));

      for (const suffix of ['', '/messages']) {
        const single = `/${p}/requests/${before.request_id}${suffix}`;
        outSocket.subscribe(single);
        const refused = await outSocket.error('not_found');
        assert.equal(refused.payload.topic, single);
        const allowed = await subscribe(inSocket, single);
        assert.ok(allowed.payload.message);
      }
    });

    it('refuses visitors and other projects, and answers unknown topics and requests', async () => {
      const tenant = await newTenant(t);
      const other = await newTenant(t);
      const p = tenant.projectId;
      const request = await createRequest(t, tenant);
      const visitor = await anonymous(t, p);

      const visitorSocket = await connect(visitor.token);
      visitorSocket.subscribe(`/${p}/requests`);
      assert.equal((await visitorSocket.error()).payload.code, 'forbidden');

      const stranger = await connect(other.owner.token);
      for (const topic of [
        `/${p}/requests`,
        `/${p}/requests/${request.request_id}`,
        `/${p}/requests/${request.request_id}/messages`,
      ]) {
        stranger.subscribe(topic);
        const refused = await stranger.error();
        assert.equal(refused.payload.code, 'forbidden');
        assert.equal(refused.payload.topic, topic);
      }
      // The other project's own id of this request is unknown there.
      stranger.subscribe(`/${other.projectId}/requests/${request.request_id}/messages`);
      assert.equal((await stranger.error()).payload.code, 'not_found');
      await call('PATCH', `/${p}/requests/${request.request_id}`, tenant.owner.jwt, { subject: 'secret' });

      const owner = await connect(tenant.owner.token);
      owner.subscribe(`/${p}/requests/${newRequestId(p)}`);
      assert.equal((await owner.error()).payload.code, 'not_found');
      owner.subscribe(`/${p}/requests/${request.request_id}/nothing`);
      assert.equal((await owner.error()).payload.code, 'bad_topic');
      assert.deepEqual(await stranger.pendingPublishes(), []);
    });
  });

  describe('one conversation', () => {
    it('lets visitors follow their own conversation, and nobody else’s', async () => {
      const tenant = await newTenant(t);
      const p = tenant.projectId;
      const [alice, bob] = [await anonymous(t, p, 'Alice'), await anonymous(t, p, 'Bob')];
      const [aliceRequest, bobRequest] = [newRequestId(p), newRequestId(p)];
      await post(tenant, aliceRequest, alice.headers, { text: 'Alice here' });
      await post(tenant, bobRequest, bob.headers, { text: 'Bob here' });

      const aliceSocket = await connect(alice.token);
      const messagesTopic = `/${p}/requests/${aliceRequest}/messages`;
      const history = await subscribe(aliceSocket, messagesTopic);
      assert.deepEqual(
        history.payload.message.map((m: any) => m.text),
        ['Alice here'],
      );
      const requestTopic = `/${p}/requests/${aliceRequest}`;
      const request = await subscribe(aliceSocket, requestTopic);
      assert.equal(request.payload.message.request_id, aliceRequest);
      assert.equal(request.payload.message.snapshot, undefined, 'the visitor view has no routing snapshot');

      const bobSocket = await connect(bob.token);
      for (const topic of [messagesTopic, requestTopic]) {
        bobSocket.subscribe(topic);
        assert.equal((await bobSocket.error()).payload.code, 'not_found');
      }
      await subscribe(bobSocket, `/${p}/requests/${bobRequest}/messages`);

      await post(tenant, aliceRequest, tenant.owner.jwt, { text: 'Hi Alice, how can I help?' });
      const reply = await aliceSocket.publish(messagesTopic, 'CREATE');
      assert.equal(reply.payload.message.text, 'Hi Alice, how can I help?');
      assert.equal(reply.payload.message.sender, tenant.owner.id);
      assert.equal(reply.payload.message.request.request_id, aliceRequest);

      await call('PUT', `/${p}/requests/${aliceRequest}/close`, tenant.owner.jwt);
      assert.equal((await aliceSocket.publish(requestTopic, 'UPDATE')).payload.message.status, 1000);
      assert.equal((await aliceSocket.publish(messagesTopic, 'CREATE')).payload.message.text, 'Chat closed');
      assert.deepEqual(await bobSocket.pendingPublishes(), []);

      // A visitor of another project holds no membership here.
      const elsewhere = await anonymous(t, (await newTenant(t)).projectId);
      const strangerSocket = await connect(elsewhere.token);
      strangerSocket.subscribe(messagesTopic);
      assert.equal((await strangerSocket.error()).payload.code, 'forbidden');
    });

    it('starts a long history with its first 300 messages', async () => {
      const tenant = await newTenant(t);
      const p = tenant.projectId;
      const requestId = (await createRequest(t, tenant)).request_id;
      const batch = Array.from({ length: 301 }, (_, i) => ({ text: `m${i}`, attributes: { clienttimestamp: i + 1 } }));
      await call('POST', `/${p}/requests/${requestId}/messages/multi`, tenant.owner.jwt, batch);
      const socket = await connect(tenant.owner.token);
      const history = (await subscribe(socket, `/${p}/requests/${requestId}/messages`)).payload.message;
      assert.equal(history.length, 300);
      assert.equal(history[0].text, 'm0');
      assert.equal(history[299].text, 'm299');
    });
  });

  describe('imports', () => {
    it('announces an imported history as one request UPDATE, and its messages only with notify', async () => {
      const tenant = await newTenant(t);
      const p = tenant.projectId;
      const requestId = (await createRequest(t, tenant)).request_id;
      const socket = await connect(tenant.owner.token);
      const inbox = `/${p}/requests`;
      const messages = `/${p}/requests/${requestId}/messages`;
      await subscribe(socket, inbox);
      await subscribe(socket, messages);

      const history = [{ text: 'one' }, { text: 'two' }, { text: 'three' }];
      await call('POST', `/${p}/requests/${requestId}/messages/multi`, tenant.owner.jwt, history);
      const update = await socket.publish(inbox, 'UPDATE');
      assert.equal(update.payload.message.request_id, requestId);
      assert.equal(update.payload.message.attributes.last_message.text, 'three');
      await nothingMoreOn(socket, inbox);
      await nothingMoreOn(socket, messages);

      const notified = await t.http('POST', `/${p}/requests/${requestId}/messages/multi`, {
        headers: tenant.owner.jwt,
        query: { notify: 'true' },
        body: [{ text: 'four' }, { text: 'five' }],
      });
      assert.equal(notified.status, 200, notified.text);
      assert.equal((await socket.publish(inbox, 'UPDATE')).payload.message.request_id, requestId);
      assert.equal((await socket.publish(messages, 'CREATE')).payload.message.text, 'four');
      assert.equal((await socket.publish(messages, 'CREATE')).payload.message.text, 'five');
      await nothingMoreOn(socket, inbox);
      await nothingMoreOn(socket, messages);
    });
  });

  describe('reconnecting', () => {
    it('misses nothing: a client resuming with `since` gets exactly the frames it missed', async () => {
      const tenant = await newTenant(t);
      const p = tenant.projectId;
      const visitor = await anonymous(t, p);
      const requestId = newRequestId(p);
      await post(tenant, requestId, visitor.headers, { text: 'first' });
      const inbox = `/${p}/requests`;
      const messages = `/${p}/requests/${requestId}/messages`;

      const agentSocket = await connect(tenant.owner.token);
      const visitorSocket = await connect(visitor.token);
      const inboxSeen = (await subscribe(agentSocket, inbox)).payload.seq;
      const messagesSeen = (await subscribe(visitorSocket, messages)).payload.seq;
      agentSocket.close();
      visitorSocket.close();

      const second = newRequestId(p);
      await post(tenant, second, visitor.headers, { text: 'another question' });
      await post(tenant, requestId, tenant.owner.jwt, { text: 'reply while you were away' });
      await call('PATCH', `/${p}/requests/${requestId}`, tenant.owner.jwt, { subject: 'resumed' });

      const agentAgain = await connect(tenant.owner.token);
      agentAgain.subscribe(inbox, inboxSeen);
      const missed = [await agentAgain.next(), await agentAgain.next()];
      assert.deepEqual(
        missed.map((f) => [f.payload.method, f.payload.seq, f.payload.message.request_id]),
        [
          ['CREATE', inboxSeen + 1, second],
          ['UPDATE', inboxSeen + 2, requestId],
        ],
      );
      await nothingMoreOn(agentAgain, inbox);

      const visitorAgain = await connect(visitor.token);
      visitorAgain.subscribe(messages, messagesSeen);
      const reply = await visitorAgain.next();
      assert.equal(reply.payload.method, 'CREATE');
      assert.equal(reply.payload.seq, messagesSeen + 1);
      assert.equal(reply.payload.message.text, 'reply while you were away');
      await nothingMoreOn(visitorAgain, messages);
    });
  });

  describe('agent load', () => {
    it("publishes an agent's membership when a request is assigned, closed, reopened or handed over", async () => {
      const tenant = await newTenant(t);
      const p = tenant.projectId;
      const ownerPu = (await membershipOf(t, tenant, tenant.owner.jwt))._id;
      await updateProject(t, tenant, { 'settings.chat_limit_on': true });
      await setMember(t, tenant, ownerPu, { max_assigned_chat: 1 });
      const colleague = await addMember(t, tenant, 'agent');
      const socket = await connect(tenant.owner.token);
      const mine = `/${p}/project_users/${ownerPu}`;
      const theirs = `/${p}/project_users/users/${colleague.id}`;
      assert.equal((await subscribe(socket, mine)).payload.message.number_assigned_requests, 0);
      assert.equal((await subscribe(socket, theirs)).payload.message.number_assigned_requests, 0);

      const load = async (topic: string) => {
        const frame = await socket.publish(topic, 'UPDATE');
        return [frame.payload.message.number_assigned_requests, frame.payload.message.isBusy];
      };
      const request = await createRequest(t, tenant, { participants: [tenant.owner.id] });
      assert.deepEqual(await load(mine), [1, true]);
      await call('PUT', `/${p}/requests/${request.request_id}/close`, tenant.owner.jwt);
      assert.deepEqual(await load(mine), [0, false]);
      await call('PUT', `/${p}/requests/${request.request_id}/reopen`, tenant.owner.jwt);
      assert.deepEqual(await load(mine), [1, true]);
      await call('PUT', `/${p}/requests/${request.request_id}/participants`, tenant.owner.jwt, [colleague.id]);
      assert.deepEqual(await load(mine), [0, false]);
      assert.deepEqual(await load(theirs), [1, false]);

      // A change that moves nobody's load announces no membership.
      await call('PATCH', `/${p}/requests/${request.request_id}`, tenant.owner.jwt, { subject: 'no load change' });
      await nothingMoreOn(socket, mine);
      await nothingMoreOn(socket, theirs);
    });
  });

  describe('subscribing while the conversation moves', () => {
    it('brings every message, in the state or live, to visitors who subscribe while answers arrive', async () => {
      const tenant = await newTenant(t);
      const p = tenant.projectId;
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      // Twelve visitors at once, each subscribing at a random moment among five answers: some
      // answers land before the position is read, some between it and the snapshot, some after.
      const missed = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const visitor = await anonymous(t, p, 'Visiting');
          const requestId = newRequestId(p);
          const written = [(await post(tenant, requestId, visitor.headers, { text: 'hello' }))._id as string];
          const socket = await connect(visitor.token);
          const topic = `/${p}/requests/${requestId}/messages`;
          const answers = (async () => {
            for (let i = 0; i < 5; i++) {
              await pause(Math.random() * 30);
              written.push((await post(tenant, requestId, tenant.owner.jwt, { text: `answer ${i}` }))._id);
            }
          })();
          await pause(Math.random() * 60);
          socket.subscribe(topic);
          await answers;
          await socket.barrier();
          // Frames of the last answers may still be on their way: wait for them, for a while.
          const received = new Set<string>();
          for (const deadline = Date.now() + 5000; ; await pause(50)) {
            for (const frame of socket.frames) {
              if (frame.action !== 'publish' || frame.payload.topic !== topic) continue;
              const message = frame.payload.message as { _id: string } | Array<{ _id: string }>;
              for (const one of Array.isArray(message) ? message : [message]) received.add(one._id);
            }
            const missing = written.filter((id) => !received.has(id));
            if (missing.length === 0 || Date.now() > deadline) return missing;
          }
        }),
      );
      assert.deepEqual(missed.flat(), []);
    });
  });
});
