/**
 * The pages account emails link to. The secret of a link is in the fragment (#/verify/<user>/<code>,
 * #/resetpsw/<key>), which the browser never sends to a server or in a Referer; this script hands
 * it to the API: PUT /auth/verifyemail, GET /auth/checkpswresetkey and PUT /auth/resetpsw,
 * POST /auth/signup, PUT /auth/requestresetpsw.
 */
import { api } from '/shared/api.js';

const $ = (id) => document.getElementById(id);

function show(id) {
  for (const section of document.querySelectorAll('main > .card')) section.hidden = section.id !== id;
  return $(id);
}

function status(container, text, failed = false) {
  const line = container.querySelector('.status');
  line.textContent = text;
  line.classList.toggle('failed', failed);
}

async function verify(userId, code) {
  const card = show('verify');
  try {
    const user = await api('PUT', `/auth/verifyemail/${encodeURIComponent(userId)}/${encodeURIComponent(code)}`);
    status(card, `Thank you: ${user.email} is verified. Any invitation to this address is now accepted.`);
  } catch (error) {
    status(card, `This link does not work: ${error.message} Ask for a new one from your account.`, true);
  }
}

async function reset(key) {
  const form = show('reset');
  const path = encodeURIComponent(key);
  try {
    const { user } = await api('GET', `/auth/checkpswresetkey/${path}`);
    form.querySelector('.for').textContent = `For ${user.email}.`;
  } catch (error) {
    form.querySelector('button').disabled = true;
    status(form, `This link does not work any more (${error.message}). Ask for a new one.`, true);
    return;
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { password, repeat } = Object.fromEntries(new FormData(form));
    if (password !== repeat) return status(form, 'The two passwords differ.', true);
    try {
      await api('PUT', `/auth/resetpsw/${path}`, { body: { password } });
      form.querySelector('button').disabled = true;
      status(form, 'Your password is changed. You can sign in with it now.');
    } catch (error) {
      status(form, error.message, true);
    }
  });
}

function signup(email) {
  const form = show('signup');
  form.elements.email.value = email ?? '';
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = Object.fromEntries(new FormData(form));
    body.language = navigator.language;
    try {
      await api('POST', '/auth/signup', { body });
      form.querySelector('button').disabled = true;
      status(form, `Account created. We emailed ${body.email} a link: follow it to verify the address and join.`);
    } catch (error) {
      status(form, error.message, true);
    }
  });
}

function forgot() {
  const form = show('forgot');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { email } = Object.fromEntries(new FormData(form));
    try {
      await api('PUT', '/auth/requestresetpsw', { body: { email } });
      status(form, 'If this address has an account, a link is on its way. Check your inbox.');
    } catch (error) {
      status(form, error.message, true);
    }
  });
}

const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
const parts = path.split('/').filter(Boolean);
if (parts[0] === 'verify' && parts.length === 3) verify(parts[1], parts[2]);
else if (parts[0] === 'resetpsw' && parts.length === 2) reset(parts[1]);
else if (parts[0] === 'signup') signup(new URLSearchParams(query).get('email'));
else forgot();
