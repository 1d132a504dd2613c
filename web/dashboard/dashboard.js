/**
 * The agent dashboard: sign in, pick a project, then a live inbox (`/<project>/requests`), one
 * conversation at a time (`/<project>/requests/<id>/messages`), replies, closing, availability.
 * Every text shown comes from textContent, never HTML.
 */
import { api, element, timeOf } from '../shared/api.js';
import { showMessages } from '../shared/messages.js';
import { Realtime } from '../shared/realtime.js';
import { REQUEST_STATUS } from '../shared/request-status.js';

const $ = (id) => document.getElementById(id);
const STORAGE_KEY = 'parley.dashboard';

let session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null'); // { token, user }
let realtime;
let project; // { id, membershipId }
let openRequestId;
const requests = new Map();
const messages = new Map();

$('signin').addEventListener('submit', signIn);
$('signout').addEventListener('click', signOut);
$('available').addEventListener('change', setAvailability);
$('reply').addEventListener('submit', reply);
$('close').addEventListener('click', closeConversation);
// A kept session whose token no longer works (expired, revoked) asks to sign in again.
if (session) showProjects().catch(forgetSession);
else show('signin');

function show(...ids) {
  for (const id of ['signin', 'projects', 'workspace']) $(id).hidden = !ids.includes(id);
  $('signout').hidden = !session;
  $('availability').hidden = !ids.includes('workspace');
}

async function signIn(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const error = event.target.querySelector('.error');
  error.textContent = '';
  try {
    const { token, user } = await api('POST', '/auth/signin', {
      body: { email: form.get('email'), password: form.get('password') },
    });
    session = { token, user };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    await showProjects();
  } catch (failure) {
    error.textContent = failure.message;
  }
}

function forgetSession(failure) {
  sessionStorage.removeItem(STORAGE_KEY);
  session = null;
  show('signin');
  $('signin').querySelector('.error').textContent = failure.message;
}

function signOut() {
  sessionStorage.removeItem(STORAGE_KEY);
  window.location.reload();
}

async function showProjects() {
  const memberships = await api('GET', '/projects', { token: session.token });
  const list = $('projects').querySelector('ul');
  list.replaceChildren(
    ...memberships.map((membership) => {
      const button = element('button', { type: 'button', text: membership.id_project.name });
      button.addEventListener('click', () => openProject(membership));
      return element('li', {}, [button]);
    }),
  );
  show('projects');
}

function openProject(membership) {
  project = { id: membership.id_project._id, membershipId: membership._id };
  // The console's Analytics page, of this project.
  $('analytics').href = `../console/#/${encodeURIComponent(project.id)}/analytics`;
  showMembership(membership);
  show('workspace');
  realtime = new Realtime(session.token, {
    onStatus: (status) => ($('connection').textContent = status === 'online' ? 'Live' : 'Reconnecting…'),
  });
  realtime.subscribe(`/${project.id}/requests`, onRequestFrame);
  realtime.subscribe(`/${project.id}/project_users/${project.membershipId}`, ({ message }) => showMembership(message));
}

function showMembership(membership) {
  $('available').checked = membership.user_available;
  const count = membership.number_assigned_requests ?? 0;
  $('load').textContent = `${count} assigned${membership.isBusy ? ', busy' : ''}`;
}

async function setAvailability(event) {
  await api('PUT', `/${project.id}/project_users`, {
    token: session.token,
    body: { user_available: event.target.checked },
  });
}

/** The inbox: a CREATE with a list is the whole state, anything else one request's change. */
function onRequestFrame({ message }) {
  if (Array.isArray(message)) {
    requests.clear();
    for (const request of message) requests.set(request.request_id, request);
  } else if (message.status >= REQUEST_STATUS.CLOSED) {
    requests.delete(message.request_id);
  } else {
    requests.set(message.request_id, message);
  }
  if (openRequestId && message.request_id === openRequestId) showConversationState(message);
  renderRequests();
}

function nameOf(request) {
  const lead = typeof request.lead === 'object' ? request.lead : request.snapshot?.lead;
  return lead?.fullname || lead?.email || 'Visitor';
}

function renderRequests() {
  const sorted = [...requests.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  $('requests').replaceChildren(
    ...sorted.map((request) => {
      const state = request.status === REQUEST_STATUS.UNASSIGNED ? 'waiting' : 'assigned';
      const button = element('button', { type: 'button', 'data-request-id': request.request_id }, [
        element('span', { className: 'who', text: nameOf(request) }),
        element('span', { text: request.first_text }),
        element('span', { className: 'muted', text: ` · ${state} · ${timeOf(request.updatedAt)}` }),
      ]);
      button.setAttribute('aria-current', String(request.request_id === openRequestId));
      button.addEventListener('click', () => openConversation(request));
      return element('li', {}, [button]);
    }),
  );
  $('count').textContent = `(${requests.size})`;
  $('empty').hidden = requests.size > 0;
}

function openConversation(request) {
  if (openRequestId) realtime.unsubscribe(messagesTopic(openRequestId));
  openRequestId = request.request_id;
  messages.clear();
  $('messages').replaceChildren();
  $('conversation-title').textContent = `${nameOf(request)}: ${request.first_text}`;
  $('conversation').hidden = false;
  showConversationState(request);
  renderRequests();
  realtime.subscribe(messagesTopic(openRequestId), onMessageFrame);
  $('reply-text').focus();
}

const messagesTopic = (requestId) => `/${project.id}/requests/${requestId}/messages`;

function showConversationState(request) {
  const closed = request.status >= REQUEST_STATUS.CLOSED;
  $('close').disabled = closed;
  $('reply').querySelector('button').disabled = closed;
  $('close').textContent = closed ? 'Closed' : 'Close conversation';
}

function onMessageFrame({ message }) {
  showMessages($('messages'), messages, message, { reader: session.user._id });
}

async function reply(event) {
  event.preventDefault();
  const input = $('reply-text');
  const text = input.value.trim();
  if (!text) return;
  await api('POST', `/${project.id}/requests/${openRequestId}/messages`, { token: session.token, body: { text } });
  input.value = '';
}

async function closeConversation() {
  await api('PUT', `/${project.id}/requests/${openRequestId}/close`, { token: session.token });
}
