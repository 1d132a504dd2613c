// The embed script: web/widget/launcher/launcher.ts -> web/widget/launcher/dist/widget.js, one
// self-contained classic script (an IIFE: a site's <script async> runs it, no module loader),
// served by Parley at /widget.js. Built by scripts/build-web.mjs; its gzipped size has a budget
// (test/unit/widget-size.test.ts), since every page of every customer's site downloads it.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    minify: true,
    lib: {
      entry: 'launcher.ts',
      formats: ['iife'],
      name: 'ParleyLauncher',
      fileName: () => 'widget.js',
    },
  },
});
