// The Auth Tokens page. Runs under Content-Security-Policy: default-src 'self', so there is no
// inline script or handler anywhere; every name a person typed is inserted with textContent.

const API = withoutCredentials(new URL('api/tokens', document.baseURI));
const ADMIN_API = withoutCredentials(new URL('api/admin/', document.baseURI));
// the All tokens tab: tokens per page, and what "Unused for 90 days" asks for
const PAGE_SIZE = 20;
const UNUSED_DAYS = 90;
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
const DAY = 86400 * 1000;
// a token that stops working within this is marked, in words, in the list
const SOON = 7 * DAY;
const PRESET_DAYS = [7, 30, 60, 90];
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

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
const rotateDialog = $('rotate-dialog');
const rotateError = $('rotate-error');
const rotateConfirm = $('rotate-confirm');
const expirySelect = $('token-expiry');
const expiryDate = $('token-expiry-date');
const ownTab = $('own-tab');
const allTab = $('all-tab');
const allRows = $('all-rows');
const allError = $('all-error');
const revokeAllButton = $('revoke-all-button');
const adminRevokeDialog = $('admin-revoke-dialog');
const adminRevokeError = $('admin-revoke-error');
const adminRevokeConfirm = $('admin-revoke-confirm');
const revokeAllDialog = $('revoke-all-dialog');
const revokeAllError = $('revoke-all-error');
const revokeAllConfirm = $('revoke-all-confirm');

let tokens = [];
let limit = 0;
let loaded = false;
let pendingRevoke = null;
let pendingRotate = null;
// what the app offers a new token, from the list: [{name, description}] and {defaultDays, maxDays, required}
let scopes = [];
let expiry = { defaultDays: null, maxDays: 365, required: false };
let formReady = false;
// the All tokens tab, for administrators: the filters applied, the cursor each page starts at (null
// for the first; Previous drops the last one), the page shown and where the next one starts
let admin = false;
let filters = { user: '', unused: false };
let cursors = [null];
let allTokens = [];
let nextCursor = null;
let allLoaded = false;
let pendingAdminRevoke = null;
let pendingRevokeAll = null;

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
  // a Spring Security app that keeps its CSRF token in the XSRF-TOKEN cookie gets it back as it expects
  const xsrf = document.cookie.split('; ').find((cookie) => cookie.startsWith('XSRF-TOKEN='));
  if (xsrf) {
    init.headers['X-XSRF-TOKEN'] = decodeURIComponent(xsrf.slice('XSRF-TOKEN='.length));
  }
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

// A cell holding a <time>: relative text, the exact moment on hover and for screen readers. The
// value is one element, so that more can follow it and a phone still shows it as one line's end.
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
  const value = document.createElement('span');
  value.className = 'value';
  value.append(time);
  cell.append(value);
  return cell;
}

// "3 days ago · 203.0.113.7 · curl/8.5.0": when, and from where as the server saw it
function lastUsedCell(token) {
  const cell = timeCell('Last used', token.lastUsedAt, 'Never used');
  const where = [token.lastUsedAddress, token.lastUsedAgent].filter(Boolean);
  if (token.lastUsedAt && where.length > 0) {
    const detail = document.createElement('span');
    detail.className = 'where';
    detail.textContent = ' · ' + where.join(' · ');
    cell.lastChild.append(detail);
    cell.classList.add('last-used');
  }
  return cell;
}

function scopesCell(token) {
  const cell = document.createElement('td');
  cell.dataset.label = 'Scopes';
  cell.className = 'scopes-cell';
  if (token.scopes.length === 0) {
    cell.textContent = 'None';
    cell.classList.add('muted');
    return cell;
  }
  const list = document.createElement('ul');
  list.className = 'scope-list';
  for (const scope of token.scopes) {
    const item = document.createElement('li');
    item.className = 'scope';
    item.textContent = scope;
    list.append(item);
  }
  cell.append(list);
  return cell;
}

function expiresCell(token) {
  const cell = timeCell('Expires', token.expiresAt, 'No expiration');
  if (token.expiresAt && Date.parse(token.expiresAt) - Date.now() < SOON) {
    // said in words, not by colour alone
    cell.classList.add('soon');
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = 'Expires soon';
    cell.lastChild.append(' ', badge);
  }
  return cell;
}

function actionButton(label, kind, name, onClick) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `button small ${kind}`;
  button.textContent = label;
  button.setAttribute('aria-label', `${label} ${name}`);
  button.addEventListener('click', onClick);
  return button;
}

function row(token) {
  const tr = document.createElement('tr');
  tr.dataset.id = token.id;

  const name = document.createElement('td');
  name.dataset.label = 'Name';
  name.className = 'token-name';
  name.textContent = token.name;

  const actions = document.createElement('td');
  actions.className = 'actions-column';
  const buttons = document.createElement('div');
  buttons.className = 'actions';
  buttons.append(actionButton('Rotate', 'rotate', token.name, () => askToRotate(token)),
    actionButton('Revoke', 'danger-outline revoke', token.name, () => askToRevoke(token)));
  actions.append(buttons);

  tr.append(name);
  if (scopes.length > 0) {
    tr.append(scopesCell(token));
  }
  tr.append(timeCell('Created', token.createdAt, ''), lastUsedCell(token), expiresCell(token), actions);
  return tr;
}

function render() {
  if (!loaded) {
    return;
  }
  $('scopes-column').hidden = scopes.length === 0;
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

// The panel is aria-busy while the list loads (after every change, too), so that assistive
// technology, and the page's browser test, wait for the new rows instead of reading old ones.
async function load() {
  const panel = $('own-panel');
  panel.setAttribute('aria-busy', 'true');
  try {
    const list = await call('GET', API);
    tokens = list.tokens;
    limit = list.limit;
    scopes = list.scopes;
    expiry = list.expiry;
    showTabs(list.admin === true);
    if (!formReady) {
      buildCreateForm(list.defaultScopes);
    }
    loaded = true;
    if ($('notice').dataset.kind === 'error') {
      hideNotice();
    }
    render();
  } catch (error) {
    showNotice(error.message, 'error');
    rows.replaceChildren();
  } finally {
    panel.removeAttribute('aria-busy');
  }
}

function showError(element, message) {
  element.textContent = message;
  element.hidden = !message;
}

// The scope checkboxes and the expiry choices, from what the app declares. Built once: the
// defaults are marked as such, so that resetting the form brings them back.
function buildCreateForm(defaultScopes) {
  const options = $('scope-options');
  options.replaceChildren(...scopes.map((scope, index) => {
    const option = document.createElement('div');
    option.className = 'scope-option';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'scope';
    box.id = `scope-${index}`;
    box.value = scope.name;
    box.defaultChecked = defaultScopes.includes(scope.name);
    const label = document.createElement('label');
    label.htmlFor = box.id;
    label.textContent = scope.name;
    option.append(box, label);
    if (scope.description) {
      const description = document.createElement('p');
      description.className = 'hint';
      description.id = `scope-${index}-description`;
      description.textContent = scope.description;
      box.setAttribute('aria-describedby', description.id);
      option.append(description);
    }
    return option;
  }));
  $('scope-field').hidden = scopes.length === 0;

  // 7, 30, 60 and 90 days as far as the maximum allows, and the default if it is none of them
  const preselected = expiry.defaultDays ?? (expiry.required ? Math.min(30, expiry.maxDays) : 'never');
  const days = PRESET_DAYS.filter((n) => n <= expiry.maxDays);
  if (typeof preselected === 'number' && !days.includes(preselected)) {
    days.push(preselected);
    days.sort((a, b) => a - b);
  }
  const choices = days.map((n) => [String(n), n === 1 ? '1 day' : `${n} days`]);
  choices.push(['custom', 'Custom date…']);
  if (!expiry.required) {
    choices.push(['never', 'No expiration']);
  }
  expirySelect.replaceChildren(...choices.map(([value, text]) => {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = text;
    option.defaultSelected = value === String(preselected);
    return option;
  }));
  formReady = true;
}

function localDate(date) {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

function daysFromToday(days) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return date;
}

// The custom date as whole days from today, the unit the API takes; null when none is chosen.
function customDays() {
  if (!expiryDate.value) {
    return null;
  }
  const [year, month, day] = expiryDate.value.split('-').map(Number);
  const today = new Date();
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())) / DAY);
}

// What the expiry controls ask for: a number of days, null for none, or undefined when the custom date is missing.
function chosenExpiry() {
  const value = expirySelect.value;
  if (value === 'never') {
    return null;
  }
  if (value === 'custom') {
    const days = customDays();
    return days !== null && days >= 1 && days <= expiry.maxDays ? days : undefined;
  }
  return Number(value);
}

// Shows the date field for a custom date, limited to tomorrow up to the maximum. Only when the list
// changes: setting the limits while someone types a date would throw away what they typed so far.
function showExpiryChoice() {
  const custom = expirySelect.value === 'custom';
  $('custom-expiry-field').hidden = !custom;
  if (custom) {
    expiryDate.min = localDate(daysFromToday(1));
    expiryDate.max = localDate(daysFromToday(expiry.maxDays));
  }
  showExpiryHint();
}

function showExpiryHint() {
  const hint = $('expiry-hint');
  const days = chosenExpiry();
  if (days === null) {
    hint.textContent = 'The token will never expire. A token that expires is safer: a lost one stops working by itself.';
  } else if (days === undefined) {
    hint.textContent = `Choose a date from ${DATE.format(daysFromToday(1))} to ${DATE.format(daysFromToday(expiry.maxDays))}.`;
  } else {
    hint.textContent = `The token will expire on ${DATE.format(daysFromToday(days))}.`;
  }
}

function openCreate() {
  createForm.reset();
  showError(createError, '');
  showExpiryChoice();
  createForm.hidden = false;
  created.hidden = true;
  createDialog.setAttribute('aria-labelledby', 'create-title');
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
  const body = { name };
  if (scopes.length > 0) {
    body.scopes = [...createForm.querySelectorAll('input[name="scope"]:checked')].map((box) => box.value);
    if (body.scopes.length === 0) {
      showError(createError, 'Choose at least one scope: what the token may do.');
      createForm.querySelector('input[name="scope"]').focus();
      return;
    }
  }
  body.expiresInDays = chosenExpiry();
  if (body.expiresInDays === undefined) {
    showError(createError, $('expiry-hint').textContent);
    expiryDate.focus();
    return;
  }
  generateButton.disabled = true;
  try {
    showCreated(await call('POST', API, body), 'Your new token');
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
function showCreated(token, title) {
  newToken.textContent = token.token;
  $('created-title').textContent = title;
  const summary = [token.name];
  if (token.scopes.length > 0) {
    summary.push(token.scopes.join(', '));
  }
  summary.push(token.expiresAt ? `expires ${relative(token.expiresAt).toLowerCase()}` : 'does not expire');
  $('created-summary').textContent = summary.join(' · ');
  copyStatus.textContent = '';
  createForm.hidden = true;
  created.hidden = false;
  createDialog.setAttribute('aria-labelledby', 'created-title');
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

function askToRotate(token) {
  pendingRotate = token;
  $('rotate-name').textContent = token.name;
  showError(rotateError, '');
  rotateDialog.showModal();
  $('rotate-cancel').focus();
}

// Like a create: the new token is shown once, in the same dialog, even if this one was closed meanwhile.
async function rotate() {
  if (!pendingRotate) {
    return;
  }
  rotateConfirm.disabled = true;
  try {
    const rotated = await call('POST', `${API}/${encodeURIComponent(pendingRotate.id)}/rotate`);
    rotateDialog.close();
    showCreated(rotated, 'Your rotated token');
  } catch (error) {
    if (error.code === 'not_found') {
      // revoked or expired meanwhile: the list, loaded again, no longer shows it
      rotateDialog.close();
    } else {
      showError(rotateError, error.message);
    }
  } finally {
    rotateConfirm.disabled = false;
    load();
  }
}

// ---- the All tokens tab (administrators) ----

// The tabs appear only for an administrator; anyone else sees the page as it always was.
function showTabs(isAdmin) {
  admin = isAdmin;
  $('tabs').hidden = !admin;
  const ownPanel = $('own-panel');
  if (admin) {
    ownPanel.setAttribute('role', 'tabpanel');
    ownPanel.setAttribute('aria-labelledby', 'own-tab');
  } else {
    ownPanel.removeAttribute('role');
    ownPanel.setAttribute('aria-labelledby', 'tokens-heading');
    if (allTab.getAttribute('aria-selected') === 'true') {
      selectTab(ownTab, false);
    }
  }
}

function selectTab(tab, focus) {
  for (const each of [ownTab, allTab]) {
    const selected = each === tab;
    each.setAttribute('aria-selected', String(selected));
    each.tabIndex = selected ? 0 : -1;
    $(each.getAttribute('aria-controls')).hidden = !selected;
  }
  if (focus) {
    tab.focus();
  }
  if (tab === allTab) {
    loadAll();
  }
}

// Left and Right move between the tabs, Home and End to the first and last, as in any tab list.
function tabKeys(event) {
  const tabs = [ownTab, allTab];
  const index = tabs.indexOf(document.activeElement);
  const moves = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: tabs.length - 1 };
  if (index < 0 || !(event.key in moves)) {
    return;
  }
  event.preventDefault();
  selectTab(tabs[(moves[event.key] + tabs.length) % tabs.length], true);
}

function allTokensUrl(user, unused, limit, cursor) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (user) {
    query.set('user', user);
  }
  if (unused) {
    query.set('unusedForDays', String(UNUSED_DAYS));
  }
  if (cursor) {
    query.set('next', cursor);
  }
  return `${ADMIN_API}tokens?${query}`;
}

// The panel is aria-busy while a page loads, so that assistive technology waits for the new rows.
async function loadAll() {
  const panel = $('all-panel');
  panel.setAttribute('aria-busy', 'true');
  try {
    let page = await call('GET', allTokensUrl(filters.user, filters.unused, PAGE_SIZE, cursors[cursors.length - 1]));
    while (page.tokens.length === 0 && cursors.length > 1) {
      // the last tokens of this page were revoked: show the page before it
      cursors.pop();
      page = await call('GET', allTokensUrl(filters.user, filters.unused, PAGE_SIZE, cursors[cursors.length - 1]));
    }
    allTokens = page.tokens;
    nextCursor = page.next;
    allLoaded = true;
    showError(allError, '');
    renderAll();
  } catch (error) {
    showError(allError, error.message);
    allRows.replaceChildren();
    $('all-empty').hidden = true;
  } finally {
    panel.removeAttribute('aria-busy');
  }
}

function adminRow(token) {
  const tr = document.createElement('tr');
  tr.dataset.id = token.id;

  const user = document.createElement('td');
  user.dataset.label = 'User';
  user.className = 'token-user';
  user.textContent = token.user;

  const name = document.createElement('td');
  name.dataset.label = 'Name';
  name.className = 'token-name';
  name.textContent = token.name;

  const actions = document.createElement('td');
  actions.className = 'actions-column';
  const buttons = document.createElement('div');
  buttons.className = 'actions';
  buttons.append(actionButton('Revoke', 'danger-outline revoke', `${token.name} of ${token.user}`,
    () => askToRevokeAsAdmin(token)));
  actions.append(buttons);

  tr.append(user, name);
  if (scopes.length > 0) {
    tr.append(scopesCell(token));
  }
  tr.append(timeCell('Created', token.createdAt, ''), lastUsedCell(token), expiresCell(token), actions);
  return tr;
}

function renderAll() {
  if (!allLoaded) {
    return;
  }
  $('all-scopes-column').hidden = scopes.length === 0;
  allRows.replaceChildren(...allTokens.map(adminRow));
  const empty = $('all-empty');
  empty.textContent = filters.user || filters.unused ? 'No active token matches these filters.'
    : 'Nobody has an active token.';
  empty.hidden = allTokens.length > 0;
  $('all-tokens').hidden = allTokens.length === 0;
  $('page-number').textContent = `Page ${cursors.length}`;
  $('previous-page').disabled = cursors.length === 1;
  $('next-page').disabled = !nextCursor;
  revokeAllButton.hidden = !filters.user;
  revokeAllButton.textContent = `Revoke all tokens of ${filters.user}`;
}

function applyFilters(event) {
  if (event) {
    event.preventDefault();
  }
  filters = { user: $('filter-user').value.trim(), unused: $('filter-unused').checked };
  cursors = [null];
  loadAll();
}

function nextPage() {
  if (nextCursor) {
    cursors.push(nextCursor);
    loadAll();
  }
}

function previousPage() {
  if (cursors.length > 1) {
    cursors.pop();
    loadAll();
  }
}

function askToRevokeAsAdmin(token) {
  pendingAdminRevoke = token;
  $('admin-revoke-name').textContent = token.name;
  $('admin-revoke-user').textContent = token.user;
  showError(adminRevokeError, '');
  adminRevokeDialog.showModal();
  $('admin-revoke-cancel').focus();
}

async function revokeAsAdmin() {
  if (!pendingAdminRevoke) {
    return;
  }
  adminRevokeConfirm.disabled = true;
  try {
    await call('DELETE', `${ADMIN_API}tokens/${encodeURIComponent(pendingAdminRevoke.id)}`);
    adminRevokeDialog.close();
  } catch (error) {
    if (error.code === 'not_found') {
      adminRevokeDialog.close();
    } else {
      showError(adminRevokeError, error.message);
    }
  } finally {
    adminRevokeConfirm.disabled = false;
    loadAll();
    load();
  }
}

// How many active tokens the user has, counted through every page, for the confirmation to name.
async function countTokensOf(user) {
  let count = 0;
  let cursor = null;
  do {
    const page = await call('GET', allTokensUrl(user, false, 100, cursor));
    count += page.tokens.length;
    cursor = page.next;
  } while (cursor);
  return count;
}

function strong(text) {
  const element = document.createElement('strong');
  element.textContent = text;
  return element;
}

async function askToRevokeAll() {
  const user = filters.user;
  revokeAllButton.disabled = true;
  try {
    const count = await countTokensOf(user);
    if (count === 0) {
      showNotice(`${user} has no active tokens.`, 'done');
      loadAll();
      return;
    }
    const tokensText = count === 1 ? '1 active token' : `${count} active tokens`;
    pendingRevokeAll = user;
    $('revoke-all-title').textContent = `Revoke all tokens of ${user}?`;
    $('revoke-all-text').replaceChildren(count === 1 ? 'The ' : 'All ', strong(tokensText), ' of ', strong(user),
      ` will stop working at once, for every script and tool that uses ${count === 1 ? 'it' : 'them'}.`
      + ' This cannot be undone.');
    revokeAllConfirm.textContent = count === 1 ? 'Revoke 1 token' : `Revoke all ${count} tokens`;
    showError(revokeAllError, '');
    revokeAllDialog.showModal();
    $('revoke-all-cancel').focus();
  } catch (error) {
    showError(allError, error.message);
  } finally {
    revokeAllButton.disabled = false;
  }
}

async function revokeAll() {
  if (!pendingRevokeAll) {
    return;
  }
  const user = pendingRevokeAll;
  revokeAllConfirm.disabled = true;
  try {
    const result = await call('POST', `${ADMIN_API}users/${encodeURIComponent(user)}/revoke-all`);
    revokeAllDialog.close();
    showNotice(`Revoked ${result.revoked === 1 ? '1 token' : `${result.revoked} tokens`} of ${user}.`, 'done');
    cursors = [null];
  } catch (error) {
    showError(revokeAllError, error.message);
  } finally {
    revokeAllConfirm.disabled = false;
    loadAll();
    load();
  }
}

ownTab.addEventListener('click', () => selectTab(ownTab, false));
allTab.addEventListener('click', () => selectTab(allTab, false));
$('tabs').addEventListener('keydown', tabKeys);
$('filter-form').addEventListener('submit', applyFilters);
$('filter-unused').addEventListener('change', () => applyFilters());
$('next-page').addEventListener('click', nextPage);
$('previous-page').addEventListener('click', previousPage);
revokeAllButton.addEventListener('click', askToRevokeAll);
$('admin-revoke-cancel').addEventListener('click', () => adminRevokeDialog.close());
adminRevokeConfirm.addEventListener('click', revokeAsAdmin);
adminRevokeDialog.addEventListener('close', () => {
  pendingAdminRevoke = null;
});
$('revoke-all-cancel').addEventListener('click', () => revokeAllDialog.close());
revokeAllConfirm.addEventListener('click', revokeAll);
revokeAllDialog.addEventListener('close', () => {
  pendingRevokeAll = null;
});

createButton.addEventListener('click', openCreate);
expirySelect.addEventListener('change', showExpiryChoice);
expiryDate.addEventListener('input', showExpiryHint);
$('rotate-cancel').addEventListener('click', () => rotateDialog.close());
rotateConfirm.addEventListener('click', rotate);
rotateDialog.addEventListener('close', () => {
  pendingRotate = null;
});
createForm.addEventListener('submit', generate);
// an error about what was chosen goes once the choice changes
createForm.addEventListener('change', () => showError(createError, ''));
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
    if (admin && allTab.getAttribute('aria-selected') === 'true') {
      loadAll();
    }
  }
});
setInterval(() => {
  render();
  renderAll();
}, 60000);

load();
