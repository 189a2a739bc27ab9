// The page's entry: who is signed in, which view the URL names, and the links
// between views. Everything a view shows is named by the URL's query
// (?view=search&q=…&f=…&sort=…&offset=…), so a search, a meeting as of a date or
// a page of the register can be bookmarked, shared, reloaded and printed; the
// back button walks the views because every change of view or filter is a
// history entry.

import { h, fill } from './dom.js';
import * as api from './api.js';
import { setRenderer, navigate } from './route.js';
import { searchView } from './search.js';
import { meetingView } from './meeting.js';
import { catalogueView, retentionView, registerView } from './documents.js';
import { boardView } from './board.js';
import { statsView } from './stats.js';
import { auditView } from './audit.js';

const views = {
  search: searchView,
  meeting: meetingView,
  catalogue: catalogueView,
  retention: retentionView,
  register: registerView,
  board: boardView,
  stats: statsView,
  audit: auditView,
};

let session = null;
let rendering = 0;

// Links inside the page navigate without a reload; a modified click (new tab) is
// left to the browser.
document.addEventListener('click', (event) => {
  const a = event.target.closest && event.target.closest('a[href^="?"]');
  if (!a || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || a.target) return;
  event.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', () => render());

function showAccount() {
  const box = document.getElementById('account');
  const nav = document.getElementById('nav');
  if (!session) {
    nav.hidden = true;
    fill(box);
    return;
  }
  nav.hidden = false;
  // Sections the account's roles may not open are left out of the menu (the server
  // refuses them with 403 all the same).
  const roles = new Set(session.roles || []);
  for (const a of nav.querySelectorAll('a[data-roles]')) {
    a.hidden = !a.dataset.roles.split(' ').some((role) => roles.has(role));
  }
  const name = session.name ? `${session.name}（${session.account}）` : session.account;
  fill(box,
    h('span', { dataset: { account: session.account } }, name),
    session.clearance ? h('span', { class: 'badge class', title: '查阅权限' }, session.clearance) : null,
    h('button', {
      type: 'button', id: 'signout',
      on: { click: async () => { await api.signOut().catch(() => {}); session = null; navigate('?view=search'); } },
    }, '退出'));
}

function signInView(main, done) {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const accountInput = h('input', { type: 'text', name: 'account', id: 'signin-account', autocomplete: 'username', required: true });
  const passwordInput = h('input', { type: 'password', name: 'password', id: 'signin-password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'primary' }, '登录');
  const form = h('form', { class: 'signin panel', id: 'signin' },
    h('h1', null, '登录'),
    h('p', { class: 'muted' }, '请使用档案室分配的账号登录。查阅权限由账号的授权决定。'),
    h('label', null, '账号', accountInput),
    h('label', null, '密码', passwordInput),
    error,
    button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    error.hidden = true;
    try {
      session = await api.signIn(accountInput.value.trim(), passwordInput.value);
      if (!session) throw new Error('登录未生效，请重试');
      done();
    } catch (e) {
      error.textContent = e.status === 401 ? '账号或密码不正确。' : e.status === 429 ? '尝试过于频繁，请稍后再试。' : `登录失败：${e.message}`;
      error.hidden = false;
      button.disabled = false;
      passwordInput.select();
    }
  });
  fill(main, form);
  accountInput.focus();
}

/** Draws the view the URL names; a later navigation wins over a slower earlier one. */
export async function render() {
  const ticket = ++rendering;
  const main = document.getElementById('main');
  document.body.dataset.ready = 'false';
  delete document.body.dataset.error;
  const params = new URLSearchParams(location.search);
  const name = views[params.get('view')] ? params.get('view') : 'search';
  document.body.dataset.view = name;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  try {
    if (!session) session = await api.currentSession();
    showAccount();
    if (!session) {
      document.body.dataset.view = 'signin';
      signInView(main, () => { showAccount(); render(); });
      document.body.dataset.ready = 'true';
      return;
    }
    fill(main, h('p', { class: 'loading' }, '正在载入……'));
    const content = await views[name](params);
    if (ticket !== rendering) return;
    fill(main, content);
  } catch (error) {
    if (ticket !== rendering) return;
    if (error instanceof api.ApiError && error.status === 401) {
      session = null;
      return setRenderer(render);
render();
    }
    document.body.dataset.error = error.status ? String(error.status) : 'page';
    fill(main, error.status === 403
      ? h('p', { class: 'notice', role: 'alert' }, `您的账号无权查看此页（${error.message}）。`)
      : h('p', { class: 'error', role: 'alert' }, `无法显示：${error.message}`));
  }
  document.body.dataset.ready = 'true';
}

setRenderer(render);
render();
