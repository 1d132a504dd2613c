/** The benchmarks' HTTP side: a tenant, requests, batches, and the messages the import sends. */
import { randomBytes } from 'node:crypto';

const WORDS = 'hello order shipped refund password account thanks please invoice delivery support issue'.split(' ');

/** A message as a third-party app would send it: 20-300 characters of text, a timestamp and an id. */
export function apiMessage(round: number, r: number, i: number) {
  const words: string[] = [];
  const length = 20 + ((r * 7919 + i * 104729) % 280);
  for (let k = 0; words.join(' ').length < length; k++) words.push(WORDS[(i + k * 31 + r) % WORDS.length]!);
  const customer = i % 2 === 0;
  return {
    sender: customer ? `customer-${r}` : `agent-${r % 5}`,
    senderFullname: customer ? `Customer ${r}` : `Agent ${r % 5}`,
    text: words.join(' ').slice(0, length),
    attributes: {
      clienttimestamp: 1_600_000_000_000 + round * 1e9 + r * 1e6 + i * 1000,
      client_message_id: `r${round}-${r}-${i}`,
    },
  };
}

export interface Tenant {
  token: string;
  projectId: string;
  email: string;
  password: string;
}

export function apiOf(base: string) {
  const call = async (method: string, url: string, body?: unknown, token?: string) => {
    const response = await fetch(base + url, {
      method,
      headers: { 'content-type': 'application/json', ...(token && { authorization: token }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<any>;
  };
  return {
    call,
    /** A new owner (signed in) and their project. */
    async tenant(projectName = 'Import bench'): Promise<Tenant> {
      const email = `bench-${randomBytes(4).toString('hex')}@example.test`;
      const password = 'bench-password';
      await call('POST', '/auth/signup', { email, password, firstname: 'Bench', lastname: 'Owner' });
      const { token } = await call('POST', '/auth/signin', { email, password });
      const project = await call('POST', '/projects', { name: projectName }, token);
      return { token, projectId: project._id, email, password };
    },
    async createRequest(tenant: Tenant, text: string): Promise<string> {
      const request = await call('POST', `/${tenant.projectId}/requests`, { first_text: text }, tenant.token);
      return request.request_id;
    },
    async postBatch(tenant: Tenant, requestId: string, body: string): Promise<void> {
      const response = await fetch(`${base}/${tenant.projectId}/requests/${requestId}/messages/multi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: tenant.token },
        body,
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`multi: ${response.status} ${text.slice(0, 300)}`);
    },
  };
}
