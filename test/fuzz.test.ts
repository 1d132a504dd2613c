/**
 * A fuzz over every operation of /openapi.json: path parameters filled with ids of a real project
 * (a request, a bot, a lead...) or with hostile values, and a corpus of hostile bodies, queries
 * and parameters (wrong types, null, huge strings, deep nesting, prototype keys, NUL, lone
 * surrogates, malformed % escapes, broken multipart, other content types, empty bodies), sent as
 * the project's owner. No answer may be a 5xx, and every answer must be complete (JSON that
 * parses when JSON is announced).
 *
 * Deterministic: the corpus is below and the choices come from a seeded generator. A failure
 * prints the seed and the exact requests; `FUZZ_SEED=<n>` replays another draw.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { everyEntity } from './helpers/every-entity.js';
import { newObjectId } from '../src/platform/ids.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_250_909);

/** mulberry32: small, fast, and the same sequence everywhere for a given seed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    sample: <T>(items: readonly T[], count: number): T[] => {
      const pool = [...items];
      const chosen: T[] = [];
      while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
      return chosen;
    },
  };
}

const deep = (open: string, close: string, depth: number, inner = '1') =>
  open.repeat(depth) + inner + close.repeat(depth);
const nestedValue = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nestedValue(depth - 1) });

// --- the corpus ------------------------------------------------------------------------------

/** Values put into one field of a JSON body. */
const FIELD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  99_999_999_999,
  2 ** 53 + 1,
  1e308,
  '',
  ' ',
  'a\u0000b',
  '\ud800',
  'ok\udc00',
  '__proto__',
  'constructor',
  'toString',
  '%ZZ',
  '../../etc/passwd',
  '2024-13-45T99:99:99Z',
  'x'.repeat(200_000),
  [],
  [null],
  ['a\u0000'],
  Array.from({ length: 5_000 }, (_, i) => `item-${i}`),
  {},
  { $gt: '' },
  { 'k\u0000': 1 },
  nestedValue(60),
];

/** Whole bodies, raw, with their content type (undefined: no content-type header). */
const RAW_BODIES: Array<[string | undefined, string]> = [
  ['application/json', ''],
  ['application/json', 'null'],
  ['application/json', '[]'],
  ['application/json', '"text"'],
  ['application/json', '12'],
  ['application/json', '{'],
  ['application/json', '{"a":1}garbage'],
  ['application/json', deep('[', ']', 100_000, '')],
  ['application/json', deep('{"a":', '}', 50_000)],
  ['application/json', '{"__proto__":{"polluted":true}}'],
  ['application/json', '{"constructor":{"prototype":{"polluted":true}}}'],
  ['application/json', '{"text":"\\u0000","name":"\\u0000"}'],
  ['application/json', '{"text":"\\ud800","name":"\\udfff"}'],
  ['application/json', '\u0000'],
  ['application/json; charset=utf-16', '{}'],
  ['text/plain', 'hello'],
  ['application/xml', '<a>1</a>'],
  ['application/x-www-form-urlencoded', 'a=1&__proto__=x&constructor=y&b=%00&c=%ZZ&d=%ED%A0%80'],
  [
    'multipart/form-data; boundary=fuzz',
    '--fuzz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nx',
  ],
  ['multipart/form-data; boundary=fuzz', '--fuzz\r\nContent-Disposition: form-data; name="uploadFile"\r\n\r\n'],
  ['multipart/form-data', 'no boundary at all'],
  [undefined, '{"a":1}'],
];

/** Query values, already as they appear in the URL (some are deliberately malformed). */
const QUERY_VALUES = [
  '',
  'constructor',
  '__proto__',
  'toString',
  'a%00b',
  '%ZZ',
  '%',
  '%ED%A0%80',
  '%F0%9F%98%80',
  '-1',
  '99999999999999999999',
  '1e308',
  'NaN',
  'true',
  '%5Bobject%20Object%5D',
  'x'.repeat(4_000),
  '2024-13-45',
  'a,b,,c',
  '%20',
];

/** Path parameter values, already encoded as they appear in the URL. */
const PARAM_VALUES = [
  '%00',
  'a%00b',
  '%ZZ',
  '%ED%A0%80',
  'constructor',
  '__proto__',
  '0',
  '-1',
  'x'.repeat(400),
  '%2e%2e',
  'null',
  newObjectId(),
  '%F0%9F%98%80',
];

// --- the walk --------------------------------------------------------------------------------

interface Operation {
  method: string;
  path: string;
  query: string[];
  /** A plausible body from the schema (every declared field with a value of its type). */
  baseBody: Record<string, unknown>;
  hasBody: boolean;
}

interface Probe {
  method: string;
  url: string;
  contentType?: string;
  payload?: string;
}

function plausible(properties: Record<string, any>): Record<string, unknown> {
  const valueOf = (schema: any): unknown => {
    const type = schema?.type ?? schema?.anyOf?.[0]?.type;
    if (schema?.enum) return schema.enum[0];
    if (schema?.anyOf?.[0]?.const !== undefined) return schema.anyOf[0].const;
    if (type === 'string') return schema.format === 'date-time' ? '2024-01-01T00:00:00.000Z' : 'fuzz';
    if (type === 'integer' || type === 'number') return 1;
    if (type === 'boolean') return true;
    if (type === 'array') return [];
    return {};
  };
  return Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, valueOf(schema)]));
}

function operationsOf(document: any): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<any>(document.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      const parameters: any[] = operation.parameters ?? [];
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase(),
        path,
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        baseBody: plausible(schema?.properties ?? schema?.items?.properties ?? {}),
        hasBody: ['POST', 'PUT', 'PATCH'].includes(method.toUpperCase()) || operation.requestBody !== undefined,
      });
    }
  }
  // Deletions last, and the project's own deletion at the very end, so the rest runs on live data.
  const rank = (op: Operation) => (op.method !== 'DELETE' ? 0 : op.path.startsWith('/projects/') ? 2 : 1);
  return operations.sort((a, b) => rank(a) - rank(b));
}

describe('fuzz: every operation of /openapi.json with hostile input', () => {
  let t: TestApp;
  let tenant: Tenant;
  const ids: Record<string, string> = {};

  before(async () => {
    // No background worker: webhooks and bots of the fuzzed project stay quiet.
    t = await startTestApp({}, { startWorkers: false });
    tenant = await newTenant(t);
    Object.assign(ids, await everyEntity(t, tenant));
  });
  after(() => t.close());

  function validParam(path: string, name: string): string {
    if (name === 'id') return path.startsWith('/{project_id}/leads') ? ids.lead_id : ids.request_oid;
    return ids[name] ?? 'unknown';
  }

  function urlOf(op: Operation, override?: { name: string; value: string }, query = ''): string {
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
      override?.name === name ? override.value : encodeURIComponent(validParam(op.path, name)),
    );
    return query ? `${path}?${query}` : path;
  }

  /** The probes of one operation: its plain call, then hostile params, queries and bodies. */
  function probesOf(op: Operation, random: ReturnType<typeof generator>): Probe[] {
    const probes: Probe[] = [{ method: op.method, url: urlOf(op) }];
    const params = [...op.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    for (let i = 0; i < Math.min(6, params.length * 3); i++) {
      probes.push({
        method: op.method,
        url: urlOf(op, { name: random.pick(params), value: random.pick(PARAM_VALUES) }),
      });
    }
    if (op.query.length > 0) {
      if (op.query.includes('sort')) {
        for (const sort of ['constructor', '__proto__', 'toString'])
          probes.push({ method: op.method, url: urlOf(op, undefined, `sort=${sort}`) });
      }
      for (let i = 0; i < 8; i++) {
        const names = random.sample(op.query, 1 + Math.floor(op.query.length / 4));
        const query = names.map((name) => `${name}=${random.pick(QUERY_VALUES)}`).join('&');
        probes.push({ method: op.method, url: urlOf(op, undefined, query) });
      }
      probes.push({ method: op.method, url: urlOf(op, undefined, `${op.query[0]}=a&${op.query[0]}=b&__proto__=x`) });
    }
    if (op.hasBody) {
      for (const [contentType, payload] of random.sample(RAW_BODIES, 6)) {
        probes.push({ method: op.method, url: urlOf(op), contentType, payload });
      }
      // A plausible body with one or two hostile fields, so most probes get past the schema.
      const fields = Object.keys(op.baseBody).length > 0 ? Object.keys(op.baseBody) : ['name', 'text'];
      for (let i = 0; i < 10; i++) {
        const hostile = random.sample(fields, 1 + (i % 2)).map((field) => [field, random.pick(FIELD_VALUES)]);
        const body = { ...op.baseBody, ...Object.fromEntries(hostile) };
        probes.push({
          method: op.method,
          url: urlOf(op),
          contentType: 'application/json',
          payload: JSON.stringify(body),
        });
      }
    }
    return probes;
  }

  const statuses = new Map<number, number>();

  /** Why the answer to `probe` is wrong, or undefined when it is a proper answer. */
  async function check(probe: Probe): Promise<string | undefined> {
    const request: InjectOptions = {
      method: probe.method as InjectOptions['method'],
      url: probe.url,
      headers: { ...tenant.owner.jwt, ...(probe.contentType && { 'content-type': probe.contentType }) },
      ...(probe.payload !== undefined && { payload: probe.payload }),
    };
    let response;
    try {
      response = await t.app.inject(request);
    } catch (error) {
      return `incomplete answer: ${(error as Error).message}`;
    }
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    if (response.statusCode >= 500) return `${response.statusCode} ${response.body.slice(0, 300)}`;
    if (/json/.test(String(response.headers['content-type'] ?? ''))) {
      try {
        JSON.parse(response.body);
      } catch {
        return `${response.statusCode} announced JSON that does not parse: ${response.body.slice(0, 300)}`;
      }
    }
    return undefined;
  }

  it(`answers every probe with a complete non-5xx response (seed ${SEED})`, async (context) => {
    const document = (await t.http('GET', '/openapi.json')).body;
    const operations = operationsOf(document);
    assert.ok(operations.length > 100, `only ${operations.length} operations in /openapi.json`);
    const random = generator(SEED);
    const failures: string[] = [];
    let sent = 0;
    for (const op of operations) {
      for (const probe of probesOf(op, random)) {
        sent++;
        const problem = await check(probe);
        if (problem) {
          const payload =
            probe.payload === undefined
              ? ''
              : ` ${probe.contentType ?? '(no type)'} ${JSON.stringify(probe.payload.slice(0, 200))}`;
          failures.push(`${probe.method} ${probe.url.slice(0, 300)}${payload}\n    -> ${problem}`);
        }
      }
    }
    const counts = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`);
    context.diagnostic(`seed ${SEED}, ${operations.length} operations, ${sent} probes; statuses ${counts.join(', ')}`);
    assert.ok(sent > 1_000, `only ${sent} probes`);
    assert.deepEqual(
      failures,
      [],
      `seed ${SEED}, ${failures.length} of ${sent} probes failed:\n${failures.join('\n')}`,
    );
  });
});
