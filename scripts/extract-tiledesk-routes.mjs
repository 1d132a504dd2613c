// Lists the REST routes of a Tiledesk server checkout, for docs/reference/tiledesk-routes.json
// (which test/tiledesk-parity.test.ts compares with Parley's routes):
//
//   node scripts/extract-tiledesk-routes.mjs /path/to/tiledesk-server > docs/reference/tiledesk-routes.json
//
// It reads the mounts of app.js (`app.use('/prefix', ..., router)` with `var router =
// require('./routes/x')`), of the public modules (pubmodules/pubModulesManager.js) and of the chat21
// channel, then every `router.<method>('path'` of each router file, comments left out. Modules
// Tiledesk ships outside its repository (analytics, triggers) are not there, so not listed.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: node scripts/extract-tiledesk-routes.mjs <tiledesk-server checkout>');
  process.exit(1);
}
const read = (file) => readFileSync(path.join(root, file), 'utf8');
const withoutComments = (code) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** `prefix -> router file` from `var x = require('./routes/x')` and `app.use('/prefix', ..., x)`. */
function mountsOf(file, base, extra = {}) {
  const code = withoutComments(read(file));
  const requires = { ...extra };
  for (const [, name, target] of code.matchAll(/(?:var|let|const)\s+(\w+)\s*=\s*require\(['"](\.[^'"]+)['"]\)/g)) {
    requires[name] = path.join(base, target).replace(/(\.js)?$/, '.js');
  }
  const mounts = [];
  for (const [, prefix, args] of code.matchAll(/app\.use\(\s*['"]([^'"]+)['"]\s*,([^;]*?)\)\s*;?\s*$/gm)) {
    const last = args
      .split(',')
      .pop()
      .trim()
      .replace(/^this\./, '');
    if (requires[last]) mounts.push([prefix, requires[last]]);
  }
  return mounts;
}

const mounts = [
  ...mountsOf('app.js', '.'),
  ...mountsOf('pubmodules/pubModulesManager.js', 'pubmodules', {
    eventsRoute: 'pubmodules/events/eventRoute.js',
    activityRoute: 'pubmodules/activities/routes/activity.js',
    cannedResponseRoute: 'pubmodules/canned/cannedResponseRoute.js',
  }),
  ...mountsOf('channels/channelManager.js', 'channels', {
    chat21WebHook: 'channels/chat21/chat21WebHook.js',
    chat21Contact: 'channels/chat21/chat21Contact.js',
    chat21ConfigRoute: 'channels/chat21/configRoute.js',
    firebaseAuth: 'channels/chat21/firebaseauth.js',
    nativeAuth: 'channels/chat21/nativeauth.js',
  }),
];

const routes = new Map();
for (const [prefix, file] of mounts) {
  let code;
  try {
    code = withoutComments(read(file));
  } catch {
    continue;
  }
  for (const [, method, route] of code.matchAll(/router\.(get|post|put|patch|delete|all)\(\s*['"]([^'"]*)['"]/g)) {
    const full = (prefix.replace(/\/$/, '') + (route.startsWith('/') ? route : `/${route}`)).replace(/\/$/, '') || '/';
    const key = `${method.toUpperCase()} ${full}`;
    if (!routes.has(key)) routes.set(key, { method: method.toUpperCase(), path: full, file });
  }
}
const list = [...routes.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
console.log(JSON.stringify(list, null, 1));
