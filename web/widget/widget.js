/**
 * The visitor widget, `/widget/?project=<project id>`: signs in anonymously, starts a
 * conversation by posting its first message to a new `support-group-<project>-<32 hex>` id, and
 * shows the replies live through the visitor's own messages topic. The token and the conversation
 * id are kept for the browser tab, so a reload continues the same conversation.
 */
import { api } from '../shared/api.js';
import { showMessages } from '../shared/messages.js';
import { Realtime } from '../shared/realtime.js';

const $ = (id) => document.getElementById(id);
const projectId = new URLSearchParams(window.location.search).get('project');
const storageKey = `parley.widget.${projectId}`;
const storage = tabStorage();
const saved = JSON.parse(storage?.getItem(storageKey) ?? '{}'); // { token, userId, requestId }
const messages = new Map();
let realtime;

$('composer').addEventListener('submit', send);
if (!projectId || !/^[0-9a-f]{24}$/.test(projectId)) {
  fail('This page needs ?project=<project id>.');
} else if (saved.requestId) {
  follow();
}

/**
 * The tab's storage, or none: a browser that blocks third-party storage denies it to the widget
 * framed by another site (reading it throws). The conversation then lasts as long as the page.
 */
function tabStorage() {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

function fail(message) {
  $('error').textContent = message;
  $('composer').querySelector('button').disabled = true;
}

function remember(changes) {
  Object.assign(saved, changes);
  storage?.setItem(storageKey, JSON.stringify(saved));
}

async function visitor() {
  if (!saved.token) {
    const { token, user } = await api('POST', '/auth/signinAnonymously', { body: { id_project: projectId } });
    remember({ token, userId: user._id });
  }
  return saved.token;
}

function newRequestId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `support-group-${projectId}-${hex}`;
}

async function send(event) {
  event.preventDefault();
  const input = $('text');
  const text = input.value.trim();
  if (!text) return;
  $('error').textContent = '';
  try {
    const token = await visitor();
    // Kept before the first message is sent, so sending it again never starts a second conversation.
    if (!saved.requestId) remember({ requestId: newRequestId() });
    const message = await api('POST', `/${projectId}/requests/${saved.requestId}/messages`, { token, body: { text } });
    input.value = '';
    // The topic exists once the request does: the first message that got through created it.
    if (!realtime) follow();
    else show(message);
  } catch (failure) {
    $('error').textContent = failure.message;
  }
}

function follow() {
  $('hint').hidden = true;
  realtime = new Realtime(saved.token, {
    onStatus: (status) => ($('connection').textContent = status === 'online' ? 'Connected' : 'Reconnecting…'),
  });
  realtime.subscribe(`/${projectId}/requests/${saved.requestId}/messages`, ({ message }) => show(message));
}

/** "Assigned to you" notices are for agents; other notices ("Chat closed") are for everyone. */
const forAgents = (message) => message.attributes?.messagelabel?.key === 'TOUCHING_OPERATOR';

function show(message) {
  const shown = (Array.isArray(message) ? message : [message]).filter((item) => !forAgents(item));
  showMessages($('messages'), messages, shown, { reader: saved.userId, readerName: 'You' });
}
