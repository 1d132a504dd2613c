import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundError, OutboundRefusedError, postJson, sendRequest } from '../src/platform/http/outbound.js';
import { forbiddenRange } from '../src/platform/http/address-ranges.js';
import { startReceiver, type Receiver } from './helpers/webhook-receiver.js';

const open = { timeoutMs: 5000, maxResponseBytes: 1024 * 1024, allowPrivate: true };
const guarded = { ...open, allowPrivate: false };

/** A bare server whose handler the test writes (redirects, silence, huge bodies). */
async function serve(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('outbound POST', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver(0, (call) => (call.url.endsWith('/fail') ? 503 : 200));
  });
  after(() => receiver.close());

  it('sends the body byte for byte as JSON with the given headers and returns status and body', async () => {
    const body = JSON.stringify({ text: 'héllo', n: 1 });
    const response = await postJson(receiver.url, body, { ...open, headers: { 'x-test': 'yes' } });
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body), { ok: true });
    const call = receiver.calls.at(-1)!;
    assert.equal(call.method, 'POST');
    assert.equal(call.raw, body);
    assert.equal(call.headers['content-type'], 'application/json');
    assert.equal(call.headers['x-test'], 'yes');
  });

  it('returns non-2xx statuses instead of throwing', async () => {
    const response = await postJson(receiver.url.replace(/hook$/, 'fail'), '{}', open);
    assert.equal(response.status, 503);
  });

  it('does not follow redirects', async () => {
    const redirector = await serve((_request, response) => {
      response.writeHead(302, { location: receiver.url }).end();
    });
    const before = receiver.calls.length;
    try {
      const response = await postJson(redirector.url, '{}', open);
      assert.equal(response.status, 302);
      assert.equal(receiver.calls.length, before, 'the redirect target was not called');
    } finally {
      await redirector.close();
    }
  });

  it('gives up when the server does not answer in time', async () => {
    const silent = await serve(() => {});
    try {
      await assert.rejects(postJson(silent.url, '{}', { ...open, timeoutMs: 200 }), (error) => {
        assert.ok(error instanceof OutboundError);
        assert.match(error.message, /timed out/);
        return true;
      });
    } finally {
      await silent.close();
    }
  });

  it('refuses a response larger than the cap', async () => {
    const huge = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`"${'x'.repeat(64 * 1024)}"`);
    });
    try {
      await assert.rejects(postJson(huge.url, '{}', { ...open, maxResponseBytes: 1024 }), (error) => {
        assert.ok(error instanceof OutboundError);
        assert.match(error.message, /larger than 1024 bytes/);
        return true;
      });
    } finally {
      await huge.close();
    }
  });

  it('keeps the first bytes of a longer response with truncate, without downloading the rest', async () => {
    let sent = 0;
    const endless = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      const chunk = 'y'.repeat(16 * 1024);
      // Far more than the cap, written as the client reads: a client that kept reading would hang.
      const write = () => {
        while (sent < 64 * 1024 * 1024 && response.write(chunk)) sent += chunk.length;
        if (sent < 64 * 1024 * 1024) response.once('drain', write);
      };
      response.write('<head>');
      write();
    });
    try {
      const response = await sendRequest(endless.url, 'GET', undefined, {
        ...open,
        maxResponseBytes: 1000,
        truncate: true,
      });
      assert.equal(response.status, 200);
      assert.equal(response.truncated, true);
      assert.equal(response.body, `<head>${'y'.repeat(994)}`);
      assert.ok(sent < 64 * 1024 * 1024, 'the rest was never sent');
    } finally {
      await endless.close();
    }
  });

  it('reports a closed port as a retryable error', async () => {
    const closed = await startReceiver();
    await closed.close();
    await assert.rejects(postJson(closed.url, '{}', open), (error) => {
      assert.ok(error instanceof OutboundError && !(error instanceof OutboundRefusedError));
      assert.match(error.message, /ECONNREFUSED/);
      return true;
    });
  });

  it('accepts only http and https URLs', async () => {
    for (const target of ['ftp://example.com/x', 'file:///etc/passwd', 'not a url']) {
      await assert.rejects(postJson(target, '{}', open), OutboundRefusedError, target);
    }
  });
});

describe('SSRF guard', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
  });
  after(() => receiver.close());

  it('refuses loopback, private, link-local, CGNAT and unspecified targets, in every spelling', async () => {
    const targets = [
      receiver.url,
      `http://localhost:${receiver.port}/hook`,
      `http://[::1]:${receiver.port}/`,
      `http://[::ffff:127.0.0.1]:${receiver.port}/`,
      `http://2130706433:${receiver.port}/`,
      `http://0x7f.1:${receiver.port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
    ];
    for (const target of targets) {
      await assert.rejects(postJson(target, '{}', guarded), (error) => {
        assert.ok(error instanceof OutboundRefusedError, `${target}: ${String(error)}`);
        assert.match(error.message, /^refused: /);
        return true;
      });
    }
    assert.equal(receiver.calls.length, 0, 'nothing reached the local server');
  });

  it('lets private targets through when explicitly allowed', async () => {
    const response = await postJson(`http://localhost:${receiver.port}/hook`, '{}', open);
    assert.equal(response.status, 200);
    assert.equal(receiver.calls.length, 1);
  });

  it('classifies IPv4 and IPv6 addresses, including IPv4 embedded in IPv6', () => {
    const expected: Record<string, string | undefined> = {
      '8.8.8.8': undefined,
      '1.1.1.1': undefined,
      '172.32.0.1': undefined,
      '100.128.0.1': undefined,
      '2001:4860:4860::8888': undefined,
      '::ffff:8.8.8.8': undefined,
      '64:ff9b::808:808': undefined,
      '127.0.0.1': 'loopback',
      '127.255.0.9': 'loopback',
      '10.20.30.40': 'private',
      '172.31.255.255': 'private',
      '192.168.0.1': 'private',
      '169.254.169.254': 'link-local',
      '100.64.0.1': 'CGNAT',
      '100.127.255.255': 'CGNAT',
      '0.0.0.0': 'unspecified',
      '224.0.0.1': 'multicast',
      '239.255.255.250': 'multicast',
      '255.255.255.255': 'reserved',
      '::': 'unspecified',
      '::1': 'loopback',
      'fc00::1': 'private',
      'fd12:3456::1': 'private',
      'fe80::1%eth0': 'link-local',
      'ff02::1': 'multicast',
      '::ffff:127.0.0.1': 'loopback (IPv4-mapped)',
      '::ffff:7f00:1': 'loopback (IPv4-mapped)',
      '::ffff:10.0.0.1': 'private (IPv4-mapped)',
      '::ffff:169.254.169.254': 'link-local (IPv4-mapped)',
      '::127.0.0.1': 'loopback (IPv4-compatible)',
      '64:ff9b::a00:1': 'private (NAT64)',
      '2002:7f00:1::': 'loopback (6to4)',
      'not-an-ip': 'not an IP address',
    };
    for (const [address, range] of Object.entries(expected)) {
      assert.equal(forbiddenRange(address), range, address);
    }
  });
});
