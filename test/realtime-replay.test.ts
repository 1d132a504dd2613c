/**
 * The replay decision both brokers share: a client resuming with `since` gets every frame after it
 * only when the history holds every number up to the topic's counter; a number without its frame
 * (consumed for frames that were dropped) answers a resync, never a replay with a hole.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { replayAfter } from '../src/modules/realtime/realtime.broker.js';
import type { Envelope } from '../src/modules/realtime/realtime.protocol.js';

const frames = (...seqs: number[]): Envelope[] =>
  seqs.map((seq) => ({ topic: '/p/requests', seq, method: 'UPDATE', message: `{"seq":${seq}}` }));

describe('realtime replay', () => {
  it('replays a contiguous history up to the counter', () => {
    assert.deepEqual(replayAfter(14, frames(10, 11, 12, 13, 14), 11), { frames: frames(12, 13, 14) });
    assert.deepEqual(replayAfter(14, frames(10, 11, 12, 13, 14), 14), { frames: [] });
  });

  it('refuses to replay across a number that has no frame', () => {
    // 12 was consumed for dropped frames.
    assert.deepEqual(replayAfter(14, frames(10, 11, 13, 14), 10), { resync: 'frames_lost' });
    assert.deepEqual(replayAfter(14, frames(10, 11, 13, 14), 11), { resync: 'frames_lost' });
    assert.deepEqual(replayAfter(14, frames(10, 11, 13, 14), 12), { frames: frames(13, 14) });
  });

  it('refuses to replay when the counter is ahead of the last frame', () => {
    assert.deepEqual(replayAfter(12, frames(10, 11), 11), { resync: 'frames_lost' });
    assert.deepEqual(replayAfter(12, frames(10, 11), 10), { resync: 'frames_lost' });
  });

  it('keeps the other reasons', () => {
    assert.deepEqual(replayAfter(undefined, [], 5), { resync: 'history_gone' });
    assert.deepEqual(replayAfter(14, frames(13, 14), 15), { resync: 'unknown_seq' });
    assert.deepEqual(replayAfter(14, frames(13, 14), 11), { resync: 'too_far_behind' });
    assert.deepEqual(replayAfter(14, [], 11), { resync: 'too_far_behind' });
  });
});
