// The visitor chat: web/widget/ -> web/widget/dist/, served by Parley at /widget/ (the page the
// embed script frames, or opened directly with ?project=). Built by scripts/build-web.mjs; the
// embed script (launcher/) is its own build.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/widget/',
  logLevel: 'warn',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
  },
});
