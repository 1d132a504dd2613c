/**
 * The outbox of the projects the signed-in user administers (GET /:project_id/emails): every email
 * with its state, and one email as its recipient would read it. The email's HTML is shown in a
 * sandboxed frame (no scripts, no same-origin access), its text below.
 */
import { api, element } from '/shared/api.js';

const STORAGE_KEY = 'parley.mail.session';
const $ = (id) => document.getElementById(id);
let session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null'); // { token }
let projectId;
let selected;

async function signIn(event) {
  event.preventDefault();
  const form = $('signin');
  const { email, password } = Object.fromEntries(new FormData(form));
  try {
    const { token } = await api('POST', '/auth/signin', { body: { email, password } });
    session = { token };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    await start();
  } catch (error) {
    form.querySelector('.error').textContent = error.message;
  }
}

async function start() {
  const projects = (await api('GET', '/projects', { token: session.token })).filter((p) =>
    ['owner', 'admin'].includes(p.role),
  );
  $('signin').hidden = true;
  $('outbox').hidden = false;
  const picker = $('project');
  picker.replaceChildren(
    ...projects.map((p) => element('option', { text: p.id_project.name, value: p.id_project._id })),
  );
  picker.hidden = projects.length < 2;
  $('refresh').hidden = false;
  projectId = projects[0]?.id_project._id;
  if (!projectId) {
    $('empty').hidden = false;
    $('empty').textContent = 'You administer no project.';
    return;
  }
  await list();
}

async function list() {
  const { emails, count } = await api('GET', `/${projectId}/emails?limit=100`, { token: session.token });
  $('count').textContent = `(${count})`;
  $('empty').hidden = emails.length > 0;
  $('emails').replaceChildren(
    ...emails.map((email) => {
      const row = element('tr', { 'aria-selected': String(email._id === selected), tabindex: '0' }, [
        element('td', { text: new Date(email.createdAt).toLocaleString() }),
        element('td', { text: email.kind }),
        element('td', { text: email.to }),
        element('td', { text: email.subject }),
        element('td', { text: email.status, className: `status-${email.status}` }),
      ]);
      row.addEventListener('click', () => open(email._id));
      row.addEventListener('keydown', (event) => event.key === 'Enter' && open(email._id));
      return row;
    }),
  );
}

async function open(id) {
  selected = id;
  const email = await api('GET', `/${projectId}/emails/${id}`, { token: session.token });
  $('email').hidden = false;
  $('subject').textContent = email.subject;
  const headers = [
    ['From', email.from],
    ['To', email.to],
    ...(email.replyTo ? [['Reply-To', email.replyTo]] : []),
    ['Language', email.language],
    ['Status', `${email.status}${email.attempts ? `, ${email.attempts} attempt(s)` : ''}`],
    ['Created', new Date(email.createdAt).toLocaleString()],
    ...(email.sentAt ? [['Sent', new Date(email.sentAt).toLocaleString()]] : []),
  ];
  $('headers').replaceChildren(
    ...headers.flatMap(([name, value]) => [element('dt', { text: name }), element('dd', { text: value })]),
  );
  $('problem').textContent = email.lastError ?? '';
  $('resend').hidden = !['failed', 'unsent'].includes(email.status);
  $('html').srcdoc = email.html;
  $('text').textContent = email.text;
  await list();
}

$('signin').addEventListener('submit', signIn);
$('refresh').addEventListener('click', () => list());
$('project').addEventListener('change', (event) => {
  projectId = event.target.value;
  $('email').hidden = true;
  list();
});
$('resend').addEventListener('click', async () => {
  try {
    await api('POST', `/${projectId}/emails/${selected}/resend`, { token: session.token });
    await open(selected);
  } catch (error) {
    $('problem').textContent = error.message;
  }
});

if (session) start().catch(() => ($('signin').hidden = false));
else $('signin').hidden = false;
