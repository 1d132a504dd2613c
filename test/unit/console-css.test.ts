/**
 * The console's CSS is one stylesheet in the browser: every area's file (`web/console/src/<area>/
 * <area>.css`) applies to every screen. A class that two areas both style is a collision waiting
 * to happen (the conversation's canned-responses popup once took the Canned page's own root
 * class, and pushed the page off the screen). Shared looks belong in `styles.css`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = fileURLToPath(new URL('../../web/console/src/', import.meta.url));

/** The classes a stylesheet's rules start with (`.name` at the start of a selector). */
function classesStyledBy(css: string): Set<string> {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const selectors = [...withoutComments.matchAll(/([^{}]+)\{/g)].flatMap((match) => match[1]!.split(','));
  return new Set(selectors.flatMap((selector) => /^\s*(?:[a-z]+)?\.([\w-]+)/.exec(selector)?.[1] ?? []));
}

test('no two areas of the console style the same class', () => {
  const owners = new Map<string, string[]>();
  for (const area of readdirSync(SOURCES)) {
    const folder = path.join(SOURCES, area);
    if (!statSync(folder).isDirectory()) continue;
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.css'))) {
      for (const name of classesStyledBy(readFileSync(path.join(folder, file), 'utf8'))) {
        owners.set(name, [...(owners.get(name) ?? []), area]);
      }
    }
  }
  const shared = [...owners].filter(([, areas]) => new Set(areas).size > 1);
  assert.deepEqual(shared, [], 'classes styled by several areas (prefix them, or move them to styles.css)');
});
