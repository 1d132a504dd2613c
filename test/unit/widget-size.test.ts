/**
 * The embed script's size budget: every page of every customer's site downloads /widget.js, so
 * the built launcher stays under 10 KB gzipped (the chat itself loads only on first open).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildWebApps } from '../helpers/browser.js';

const BUDGET_BYTES = 10 * 1024;

test('the built embed script is under 10 KB gzipped', () => {
  buildWebApps();
  const script = readFileSync(new URL('../../web/widget/launcher/dist/widget.js', import.meta.url));
  const gzipped = gzipSync(script, { level: 9 }).length;
  console.log(`widget.js: ${script.length} bytes, ${gzipped} bytes gzipped (budget ${BUDGET_BYTES})`);
  assert.ok(gzipped < BUDGET_BYTES, `widget.js is ${gzipped} bytes gzipped, over the ${BUDGET_BYTES} budget`);
});
