// The gate that keeps PDF layout (public transcripts) to a few at a time per process.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPdfGate } from '../../src/modules/conversations/transcript-formats.js';

describe('PDF gate', () => {
  it('runs `running` at once, queues `waiting` more in order, refuses the rest', async () => {
    const gate = createPdfGate(1, 2);
    const order: string[] = [];
    const first = await gate.reserve()!;
    const second = gate.reserve()!.then((release) => (order.push('second'), release));
    const third = gate.reserve()!.then((release) => (order.push('third'), release));
    assert.equal(gate.reserve(), undefined, 'two already wait');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(order, [], 'nobody runs beside the first');

    first();
    first();
    const releaseSecond = await second;
    assert.deepEqual(order, ['second'], 'a release twice gives one turn');
    assert.ok(gate.reserve(), 'a place in the queue is free again');
    releaseSecond();
    (await third)();
  });

  it('frees its slot when nobody waits', async () => {
    const gate = createPdfGate(2, 0);
    const a = await gate.reserve()!;
    const b = await gate.reserve()!;
    assert.equal(gate.reserve(), undefined);
    a();
    const c = await gate.reserve()!;
    b();
    c();
    assert.ok(gate.reserve());
  });
});
