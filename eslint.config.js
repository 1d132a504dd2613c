// Lint, run by `npm test` before the suite (and so by CI). Kept to rules that catch real faults:
// promises nobody awaits, import cycles, and the layer boundaries described in docs/architecture.md
// (routes -> service -> repo; platform/ knows nothing of modules/). Formatting is Prettier's job.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = import.meta.dirname;
const areas = readdirSync(path.join(root, 'src/modules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** The files of an area that other areas may import (relative to the area's folder). */
function publicFilesOf(area) {
  return readdirSync(path.join(root, 'src/modules', area))
    .filter((name) => name === `${area}.service.ts` || name.endsWith('.schema.ts'))
    .map((name) => `./${name}`);
}

export default defineConfig(
  // web/'s plain pages (*.js) are not linted; the console (web/console, TypeScript) is.
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'web/console/dist/**',
      'web/widget/dist/**',
      'web/widget/launcher/dist/**',
      'bench/results/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parser: tseslint.parser,
      // Server code and tests are type-checked by two configs (tests without noUncheckedIndexedAccess),
      // the console by its own (browser code, Preact's JSX).
      parserOptions: {
        project: [
          './tsconfig.check.json',
          './tsconfig.check-tests.json',
          './web/console/tsconfig.json',
          './web/widget/tsconfig.json',
        ],
        tsconfigRootDir: root,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      // Dependencies are parsed too (for no-cycle), as TypeScript; `./x.js` resolves to `./x.ts`.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: [
            'tsconfig.check.json',
            'tsconfig.check-tests.json',
            'web/console/tsconfig.json',
            'web/widget/tsconfig.json',
          ],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      // A promise nobody awaits loses its errors (an unhandled rejection) and its ordering. Await it,
      // or mark a deliberate fire-and-forget with `void` and say why. node:test's describe() and it()
      // return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Cycles between files make load order matter and hide layering mistakes (type-only imports,
      // erased at compile time, are not counted).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
    },
  },
  {
    // Layer boundaries that hold today (docs/architecture.md): routes -> service -> repo; an area's
    // repos are its own; platform/ and the composition root's callees know nothing of what calls them.
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            {
              target: './src/platform',
              from: './src/modules',
              message: 'platform/ is shared machinery: it must not depend on a product area.',
            },
            {
              target: ['./src/modules', './src/platform', './src/migrations'],
              from: ['./src/app.ts', './src/server.ts', './src/services.ts', './src/cli'],
              message: 'The composition root and the CLI use the areas, never the other way round.',
            },
            {
              target: './src/**/*.routes.ts',
              from: './src/**/*.repo.ts',
              message: 'Routes call services; only services use repos (routes -> service -> repo).',
            },
            {
              target: './src/**/*.repo.ts',
              from: ['./src/**/*.service.ts', './src/**/*.routes.ts'],
              message: 'A repo is the bottom layer: it runs SQL and calls no service or route.',
            },
            {
              target: './src/**/*.service.ts',
              from: './src/**/*.routes.ts',
              message: 'Services know nothing of HTTP routes (routes -> service -> repo).',
            },
            {
              target: ['./src/platform', './src/cli', './src/migrations', './src/*.ts'],
              from: './src/modules/**/*.repo.ts',
              message: "An area's repo is private to its area: go through the area's service.",
            },
            // An area reaches another only through its public surface: `<area>.service.ts` (its
            // commands and queries) and its `*.schema.ts` (wire types and presenters).
            ...areas.flatMap((area) =>
              areas
                .filter((other) => other !== area)
                .map((other) => ({
                  target: `./src/modules/${area}`,
                  from: `./src/modules/${other}`,
                  except: publicFilesOf(other),
                  message: `${other}/ is reached only through ${other}.service.ts and its *.schema.ts files.`,
                })),
            ),
          ],
        },
      ],
    },
  },
);
