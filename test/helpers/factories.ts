/**
 * Each test creates its own users and projects, so tests never share state and can run in
 * parallel against one database. Projects and memberships are made over the HTTP API; the users
 * of newTenant and addMember are stored directly with a cheap password hash (createUser), since
 * argon2 at full cost was a large part of the suite's time. Tests about signing up use signup().
 */
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { hash } from '@node-rs/argon2';
import { newObjectId } from '../../src/platform/ids.js';
import type { TestApp } from './test-app.js';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  firstname: string;
  lastname: string;
  /** `Authorization: Basic ...` */
  basic: Record<string, string>;
  /** `Authorization: JWT ...` */
  jwt: Record<string, string>;
  token: string;
}

export interface Tenant {
  owner: TestUser;
  projectId: string;
  project: any;
}

export function basicAuth(email: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}` };
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 12)}@example.test`;
}

type UserInput = { email: string; password: string; firstname: string; lastname: string };

function userInput(overrides: Partial<UserInput>): UserInput {
  return {
    email: overrides.email ?? uniqueEmail(),
    password: overrides.password ?? 'pwd-' + randomUUID().slice(0, 8),
    firstname: overrides.firstname ?? 'Test Firstname',
    lastname: overrides.lastname ?? 'Test lastname',
  };
}

/** Signs the account in over HTTP and describes it as tests use it. */
async function signedIn(t: TestApp, id: string, input: UserInput): Promise<TestUser> {
  const signin = await t.http('POST', '/auth/signin', { body: { email: input.email, password: input.password } });
  assert.equal(signin.status, 200, signin.text);
  return {
    id,
    email: input.email.toLowerCase(),
    password: input.password,
    firstname: input.firstname,
    lastname: input.lastname,
    basic: basicAuth(input.email, input.password),
    jwt: { authorization: signin.body.token },
    token: signin.body.token,
  };
}

export async function signup(t: TestApp, overrides: Partial<UserInput> = {}): Promise<TestUser> {
  const input = userInput(overrides);
  const created = await t.http('POST', '/auth/signup', { body: input });
  assert.equal(created.status, 200, created.text);
  return signedIn(t, created.body.user._id, input);
}

/**
 * argon2id at its smallest cost. The server verifies a password with the parameters its hash
 * names, so these users sign in through the real code, minus the deliberate slowness.
 */
const CHEAP_ARGON2ID = { algorithm: 2, memoryCost: 8, timeCost: 1, parallelism: 1 } as const;

/**
 * A user stored directly (what POST /auth/signup stores, with a cheap hash, and with the address
 * verified as if its link had been followed: invitations make verified accounts members at once),
 * then signed in over HTTP for its token. For tests that need an account, not the sign-up itself.
 * A server in another process (processes.ts `remote`) has no database handle here: its users sign
 * up over HTTP.
 */
export async function createUser(t: TestApp, overrides: Partial<UserInput> = {}): Promise<TestUser> {
  if (!t.database) return signup(t, overrides);
  const input = userInput(overrides);
  const id = newObjectId();
  await t.database.db
    .insertInto('users')
    .values({
      id,
      email: input.email.toLowerCase(),
      password_hash: await hash(input.password, CHEAP_ARGON2ID as Parameters<typeof hash>[1]),
      firstname: input.firstname,
      lastname: input.lastname,
      phone: null,
      emailverified: true,
    })
    .execute();
  return signedIn(t, id, input);
}

/**
 * Follows the verification link of the user's latest verification email, read from the outbox
 * table (an app without SMTP keeps it there unsent), as a mail client would after delivery.
 */
export async function verifyAddress(t: TestApp, user: Pick<TestUser, 'id'>): Promise<void> {
  const email = await t.database.db
    .selectFrom('emails')
    .select('text')
    .where('user_id', '=', user.id)
    .where('kind', 'in', ['verify', 'beenInvitedExistingUser'])
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const match = /#\/verify\/([0-9a-f]{24})\/([\w-]+)/.exec(email.text);
  assert.ok(match, `no verification link in:\n${email.text}`);
  const verified = await t.http('PUT', `/auth/verifyemail/${match[1]}/${match[2]}`);
  assert.equal(verified.status, 200, verified.text);
}

export async function createProject(t: TestApp, owner: TestUser, name = 'Test project'): Promise<any> {
  const response = await t.http('POST', '/projects', { headers: owner.basic, body: { name } });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

/** A fresh owner with a fresh project. */
export async function newTenant(t: TestApp): Promise<Tenant> {
  const owner = await createUser(t);
  const project = await createProject(t, owner);
  return { owner, projectId: project._id, project };
}

/** Creates a user and invites them into the tenant's project with `role`. */
export async function addMember(
  t: TestApp,
  tenant: Tenant,
  role = 'agent',
): Promise<TestUser & { projectUserId: string }> {
  const user = await createUser(t);
  const invite = await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
    headers: tenant.owner.basic,
    body: { email: user.email, role },
  });
  assert.equal(invite.status, 200, invite.text);
  return { ...user, projectUserId: invite.body._id };
}

/** An anonymous visitor of the project (`/auth/signinAnonymously`). */
export async function anonymous(t: TestApp, projectId: string, firstname?: string) {
  const response = await t.http('POST', '/auth/signinAnonymously', {
    body: { id_project: projectId, ...(firstname && { firstname }) },
  });
  assert.equal(response.status, 200, response.text);
  return {
    id: response.body.user._id as string,
    token: response.body.token as string,
    headers: { authorization: response.body.token },
  };
}
