/**
 * The package's root directory (where package.json and web/ are), for the files the server reads
 * at run time. Resolved from this module's own URL, which is one level below the root however the
 * server runs: src/package-root.ts (tsx, tests), and in dist/ whichever file esbuild puts this
 * module in (scripts/build.mjs bundles dist/server.js and its chunks directly under dist/, never
 * deeper). A path written relative to the importing module, as these were, breaks once bundled.
 */
export const packageRoot = new URL('../', import.meta.url);
