/**
 * The floor of an import over HTTP on this machine, for `import.bench.ts`: a bare Fastify route
 * that takes the API's batch body (`POST /:recipient`, the same JSON array as `/messages/multi`),
 * turns it into rows, writes them with one `COPY` and answers them as JSON, as the API answers
 * the stored messages. None of Parley's work is in it: no authentication, no validation, no
 * replay check, no update of the conversation, no events. What the API costs beyond it is
 * Parley's; what this costs beyond the raw `COPY` is HTTP and JSON, which any HTTP API pays.
 * It runs in its own process, as the server does, with one connection per import client.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, readyOf } from './support.js';
import { copyField } from '../src/platform/db/copy-in.js';
import { copyIn } from '../src/platform/db/copy-in-client.js';

interface FloorMessage {
  sender: string;
  senderFullname: string;
  text: string;
  attributes: { clienttimestamp: number; client_message_id: string };
}

const COLUMNS =
  'id, project_id, recipient, sender, sender_fullname, type, channel_type, text, channel, status, ' +
  'attributes, client_message_id, created_by, created_at, updated_at';

async function serveImportFloor(options: {
  databaseUrl: string;
  projectId: string;
  port: number;
  poolSize: number;
}): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  const app = Fastify({ bodyLimit: 64 * 1024 * 1024 });
  app.post<{ Params: { recipient: string }; Body: FloorMessage[] }>('/:recipient', async (request) => {
    const { recipient } = request.params;
    const stored = request.body.map((message) => {
      const at = new Date(message.attributes.clienttimestamp).toISOString();
      return {
        _id: randomBytes(12).toString('hex'),
        id_project: options.projectId,
        recipient,
        sender: message.sender,
        senderFullname: message.senderFullname,
        type: 'text',
        channel_type: 'group',
        text: message.text,
        channel: { name: 'chat21' },
        status: 0,
        attributes: message.attributes,
        createdBy: message.sender,
        createdAt: at,
        updatedAt: at,
      };
    });
    const data = stored
      .map((m) =>
        [
          m._id,
          m.id_project,
          m.recipient,
          m.sender,
          m.senderFullname,
          m.type,
          m.channel_type,
          m.text,
          JSON.stringify(m.channel),
          m.status,
          JSON.stringify(m.attributes),
          m.attributes.client_message_id,
          m.createdBy,
          m.createdAt,
          m.updatedAt,
        ]
          .map(copyField)
          .join('\t'),
      )
      .join('\n');
    const client = await pool.connect();
    try {
      await copyIn(client, `COPY messages (${COLUMNS}) FROM STDIN`, Buffer.from(data + '\n'));
    } finally {
      client.release();
    }
    return stored;
  });
  await app.listen({ port: options.port, host: '127.0.0.1' });
}

/**
 * Starts the floor's route in a child process (this file, run with PARLEY_BENCH_ROLE=floor) on
 * the benchmark's database; `post` sends it a batch, and the child answers `cpuUsage` to any
 * message once ready.
 */
export async function startImportFloor(databaseUrl: string, projectId: string, poolSize: number) {
  const port = await freePort();
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      PARLEY_BENCH_ROLE: 'floor',
      FLOOR_DATABASE_URL: databaseUrl,
      FLOOR_PROJECT_ID: projectId,
      FLOOR_POOL_SIZE: String(poolSize),
      PORT: String(port),
    },
  });
  await readyOf(child, 'floor server');
  return {
    child,
    async post(recipient: string, body: string): Promise<void> {
      const response = await fetch(`http://127.0.0.1:${port}/${recipient}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`floor: ${response.status} ${text.slice(0, 300)}`);
    },
  };
}

if (process.env.PARLEY_BENCH_ROLE === 'floor') {
  process.on('message', () => process.send?.(process.cpuUsage()));
  await serveImportFloor({
    databaseUrl: process.env.FLOOR_DATABASE_URL!,
    projectId: process.env.FLOOR_PROJECT_ID!,
    port: Number(process.env.PORT),
    poolSize: Number(process.env.FLOOR_POOL_SIZE),
  });
  process.send?.('ready');
}
