/**
 * The old agent dashboard's address, kept so links to it (bookmarks, emails sent before the
 * console replaced it, Tiledesk-style dashboard links) still land in the right place: its hash
 * routes are mapped to the console's, and the page replaces itself so Back does not return here.
 *
 *   #/project/<id>/wsrequest/<request_id>/messages  ->  /console/#/<id>/inbox/<request_id>
 *   #/project/<id>/<anything>                       ->  /console/#/<id>/inbox
 *   anything else                                   ->  /console/
 *
 * Only ids of safe characters are carried over (nothing else reaches the console's router).
 */
const ID = '([A-Za-z0-9_-]+)';
// What may follow the part we map: more path, or a query Tiledesk appends inside the hash.
const REST = '(?:[/?].*)?$';
const CONVERSATION = new RegExp(`^#/project/${ID}/wsrequest/${ID}/messages${REST}`);
const PROJECT = new RegExp(`^#/project/${ID}${REST}`);

/** The console's address for a dashboard hash. */
function consoleHashFor(hash) {
  const conversation = CONVERSATION.exec(hash);
  if (conversation) return `#/${conversation[1]}/inbox/${conversation[2]}`;
  const project = PROJECT.exec(hash);
  if (project) return `#/${project[1]}/inbox`;
  return '';
}

window.location.replace(`../console/${consoleHashFor(window.location.hash)}`);
