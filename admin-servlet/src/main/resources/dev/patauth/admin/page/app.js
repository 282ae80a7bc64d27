// The Auth Tokens page. Runs under Content-Security-Policy: default-src 'self', so there is no
// inline script or handler anywhere; every name a person typed is inserted with textContent.

const API = withoutCredentials(new URL('api/tokens', document.baseURI));
const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
const ABSOLUTE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
// [unit, its length in seconds, the age from which it is used]: "40 days ago" reads better than "1 month ago"
const UNITS = [
  ['year', 31536000, 320 * 86400],
  ['month', 2629800, 45 * 86400],
  ['day', 86400, 22 * 3600],
  ['hour', 3600, 45 * 60],
  ['minute', 60, 45],
];
const SOON = 3 * 86400 * 1000;

const $ = (id) => document.getElementById(id);
const rows = $('token-rows');
const createButton = $('create-button');
const createDialog = $('create-dialog');
const createForm = $('create-form');
const createError = $('create-error');
const generateButton = $('generate-button');
const created = $('created');
const newToken = $('new-token');
const copyStatus = $('copy-status');
const revokeDialog = $('revoke-dialog');
const revokeError = $('revoke-error');
const revokeConfirm = $('revoke-confirm');

let tokens = [];
let limit = 0;
let loaded = false;
let pendingRevoke = null;

// A page opened as http://user:password@host/… hands those credentials to relative URLs, and fetch
// refuses such URLs; without them the browser still sends the login it remembers for this site.
function withoutCredentials(url) {
  url.username = '';
  url.password = '';
  return url.href;
}

class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// Every call says X-Requested-With: the server refuses changes from a browser session without it,
// because another site's page cannot send that header.
async function call(method, url, body) {
  const init = { method, credentials: 'same-origin', cache: 'no-store', headers: { 'X-Requested-With': 'fetch' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError('network', 'The server could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) {
    return null;
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    if (data && typeof data.message === 'string') {
      throw new ApiError(data.error, data.message);
    }
    if (response.status === 401) {
      throw new ApiError('unauthenticated', 'Your session has ended. Reload the page to sign in again.');
    }
    throw new ApiError('http_' + response.status, `The server answered ${response.status}. Reload the page and try again.`);
  }
  return data;
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function relative(iso) {
  const seconds = (Date.parse(iso) - Date.now()) / 1000;
  if (Math.abs(seconds) < 45) {
    return seconds <= 0 ? 'Just now' : 'In a moment';
  }
  const [unit, size] = UNITS.find(([, , from]) => Math.abs(seconds) >= from);
  return capitalize(RELATIVE.format(Math.round(seconds / size), unit));
}

// A cell holding a <time>: relative text, the exact moment on hover and for screen readers.
function timeCell(label, iso, absent) {
  const cell = document.createElement('td');
  cell.dataset.label = label;
  if (!iso) {
    cell.textContent = absent;
    cell.classList.add('muted');
    return cell;
  }
  const time = document.createElement('time');
  time.dateTime = iso;
  time.title = ABSOLUTE.format(new Date(iso));
  time.textContent = relative(iso);
  cell.append(time);
  return cell;
}

function row(token) {
  const tr = document.createElement('tr');
  tr.dataset.id = token.id;

  const name = document.createElement('td');
  name.dataset.label = 'Name';
  name.className = 'token-name';
  name.textContent = token.name;

  const expires = timeCell('Expires', token.expiresAt, 'No expiry');
  if (token.expiresAt && Date.parse(token.expiresAt) - Date.now() < SOON) {
    expires.classList.add('soon');
  }

  const actions = document.createElement('td');
  actions.className = 'actions-column';
  const revoke = document.createElement('button');
  revoke.type = 'button';
  revoke.className = 'button danger-outline small revoke';
  revoke.textContent = 'Revoke';
  revoke.setAttribute('aria-label', 'Revoke ' + token.name);
  revoke.addEventListener('click', () => askToRevoke(token));
  actions.append(revoke);

  tr.append(name, timeCell('Created', token.createdAt, ''), timeCell('Last used', token.lastUsedAt, 'Never'), expires, actions);
  return tr;
}

function render() {
  if (!loaded) {
    return;
  }
  rows.replaceChildren(...tokens.map(row));
  $('empty').hidden = tokens.length > 0;
  $('tokens').hidden = tokens.length === 0;
  $('token-count').textContent = `${tokens.length} of ${limit}`;
  const atLimit = tokens.length >= limit;
  createButton.disabled = atLimit;
  if (atLimit) {
    showNotice(`You have ${limit} active tokens, the most allowed. Revoke a token you no longer need to create a new one.`, 'limit');
  } else if ($('notice').dataset.kind === 'limit') {
    hideNotice();
  }
}

function showNotice(message, kind) {
  const notice = $('notice');
  notice.textContent = message;
  notice.dataset.kind = kind;
  notice.hidden = false;
}

function hideNotice() {
  const notice = $('notice');
  notice.hidden = true;
  notice.textContent = '';
  delete notice.dataset.kind;
}

async function load() {
  try {
    const list = await call('GET', API);
    tokens = list.tokens;
    limit = list.limit;
    loaded = true;
    if ($('notice').dataset.kind === 'error') {
      hideNotice();
    }
    render();
  } catch (error) {
    showNotice(error.message, 'error');
    rows.replaceChildren();
  }
}

function showError(element, message) {
  element.textContent = message;
  element.hidden = !message;
}

function openCreate() {
  createForm.reset();
  showError(createError, '');
  createForm.hidden = false;
  created.hidden = true;
  createDialog.showModal();
  $('token-name').focus();
}

async function generate(event) {
  event.preventDefault();
  const name = $('token-name').value.trim();
  if (!name) {
    showError(createError, 'Give the token a name, such as "CI pipeline".');
    $('token-name').focus();
    return;
  }
  const days = $('token-expiry').value;
  const body = days ? { name, expiresInDays: Number(days) } : { name };
  generateButton.disabled = true;
  try {
    showCreated(await call('POST', API, body));
    load();
  } catch (error) {
    showError(createError, error.message);
  } finally {
    generateButton.disabled = false;
  }
}

// The one time the token is shown. If the dialog was closed while the request was in flight, the
// token exists all the same (it is in the list, and works), so the dialog opens again to show it:
// this is the only chance to copy it, and quietly revoking what the person asked for would surprise more.
function showCreated(token) {
  newToken.textContent = token.token;
  $('created-summary').textContent = token.expiresAt
    ? `${token.name} · expires ${relative(token.expiresAt).toLowerCase()}`
    : `${token.name} · does not expire`;
  copyStatus.textContent = '';
  createForm.hidden = true;
  created.hidden = false;
  if (!createDialog.open) {
    createDialog.showModal();
  }
  $('copy-button').focus();
}

// However the dialog closes (Done, Cancel, Escape), the token leaves the page with it: no copy
// stays in the DOM, in a selection, or in a variable of this script.
function forgetCreated() {
  const selection = window.getSelection();
  if (selection.rangeCount > 0 && selection.containsNode(newToken, true)) {
    selection.removeAllRanges();
  }
  newToken.textContent = '';
  copyStatus.textContent = '';
}

async function copy() {
  const token = newToken.textContent;
  try {
    await navigator.clipboard.writeText(token);
    copyStatus.textContent = 'Copied to the clipboard.';
  } catch {
    // no clipboard access (an insecure origin, or permission refused): select it for Ctrl+C instead
    window.getSelection().selectAllChildren(newToken);
    copyStatus.textContent = 'Selected: press Ctrl+C (⌘C on a Mac) to copy it.';
  }
}

function askToRevoke(token) {
  pendingRevoke = token;
  $('revoke-name').textContent = token.name;
  showError(revokeError, '');
  revokeDialog.showModal();
  $('revoke-cancel').focus();
}

async function revoke() {
  if (!pendingRevoke) {
    return;
  }
  revokeConfirm.disabled = true;
  try {
    await call('DELETE', `${API}/${encodeURIComponent(pendingRevoke.id)}`);
    revokeDialog.close();
  } catch (error) {
    if (error.code === 'not_found') {
      revokeDialog.close();
    } else {
      showError(revokeError, error.message);
    }
  } finally {
    revokeConfirm.disabled = false;
    load();
  }
}

createButton.addEventListener('click', openCreate);
createForm.addEventListener('submit', generate);
$('create-cancel').addEventListener('click', () => createDialog.close());
$('copy-button').addEventListener('click', copy);
$('done-button').addEventListener('click', () => createDialog.close());
createDialog.addEventListener('close', forgetCreated);
$('revoke-cancel').addEventListener('click', () => revokeDialog.close());
revokeConfirm.addEventListener('click', revoke);
revokeDialog.addEventListener('close', () => {
  pendingRevoke = null;
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') {
    load();
  }
});
setInterval(render, 60000);

load();
