// The console's bundle: web/console/ -> web/console/dist/, served by Parley at /console/
// (src/modules/web/web.routes.ts). Built by scripts/build-web.mjs, which `npm start` and
// `npm test` run; Preact's JSX is compiled by Vite's own transformer (no Babel).
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One small page: the module preload polyfill would be code the page never needs.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 400,
  },
});
