// 检索: the search box takes the query language itself (README, "Queries"); the
// facets beside the hits add removable filter tags. The URL holds it all: q (what
// was typed), f (one per filter tag, as `facet:value`, e.g. `kind:周例会`), sort and
// offset. The server gets q and the tags' query terms joined as one query, so a
// search here is the same query as `annals query` on the command line.

import { h } from './dom.js';
import * as api from './api.js';
import { link, navigate } from './route.js';
import { date, count, retention, status, classifications } from './format.js';

export const PAGE_SIZE = 20;

/** Whether a facet value can be put into a query term as it is. */
function plain(value) {
  return !/[\s"():]/.test(value) && value !== '';
}

/** A term of the query language for a field and value, quoted when it must be. */
export function term(field, value) {
  const v = String(value);
  return plain(v) ? `${field}:${v}` : `${field}:"${v.replace(/"/g, '')}"`;
}

const stateLabels = { archived: '已归档', open: '未归档', held: '冻结中', cancelled: '已取消', destroyed: '已销毁' };

// A record's state as the server counts it: the first that holds of destroyed,
// cancelled, held, archived, else open; so each state's filter excludes the ones
// before it, and its hits are exactly the facet's count.
const stateTerms = {
  destroyed: 'destroyed:yes',
  cancelled: 'cancelled:yes destroyed:no',
  held: 'held:yes cancelled:no destroyed:no',
  archived: 'archived:yes held:no cancelled:no destroyed:no',
  open: 'archived:no held:no cancelled:no destroyed:no',
};

/**
 * The facets the server counts (GET /api/v1/search, `facets`), in the page's order:
 * the facet's key, its heading, how a value reads, and the query terms that select
 * it (the counts are over the same sets, so a facet's count is the hits it gives).
 */
const FACETS = [
  { key: 'kind', title: '会议类别', terms: (v) => term('kind', v) },
  { key: 'year', title: '年度', terms: (v) => term('year', v), label: (v) => `${v}年` },
  { key: 'dept', title: '主办部门', terms: (v) => term('organizer', v) },
  { key: 'retention', title: '保管期限', terms: (v) => term('retention', v), label: retention },
  { key: 'class', title: '密级', terms: (v) => term('class', v) },
  { key: 'follow_up', title: '督办状态', terms: (v) => term('status', v), label: status },
  { key: 'state', title: '档案状态', terms: (v) => stateTerms[v] || term('type', v), label: (v) => stateLabels[v] || v },
];

/** A filter tag as the URL keeps it (`kind:周例会`): its facet and value. */
function parseFilter(filter) {
  const at = filter.indexOf(':');
  return { facet: FACETS.find((f) => f.key === filter.slice(0, at)), value: filter.slice(at + 1) };
}

/** The query terms a filter tag stands for. */
function filterTerms(filter) {
  const { facet, value } = parseFilter(filter);
  return facet ? facet.terms(value) : filter;
}

/** The label a filter tag shows: 会议类别：周例会. */
function tagLabel(filter) {
  const { facet, value } = parseFilter(filter);
  if (!facet) return filter;
  return `${facet.title}：${facet.label ? facet.label(value) : value}`;
}

const SORTS = [
  ['', '相关度'],
  ['-date', '日期（新→旧）'],
  ['date', '日期（旧→新）'],
  ['number', '档号'],
  ['-number', '档号（倒序）'],
];

const EXAMPLES = [
  '预算',
  'kind:主任办公会 year:2024',
  'text:"临聘人员" dept:CWK',
  'status:overdue',
  'class:秘密..',
  'destroyed:yes',
];

/** The facet's counts as [value, count] pairs, whichever shape the API sends. */
function facetPairs(facets, key) {
  if (!facets || facets[key] === undefined) return null;
  const raw = facets[key];
  let pairs;
  if (Array.isArray(raw)) pairs = raw.map((e) => [String(e.value ?? e.key ?? e.name), e.count ?? e.n]);
  else pairs = Object.entries(raw);
  return pairs.filter(([, n]) => n > 0);
}

function sortPairs(field, pairs) {
  if (field === 'year') return pairs.sort((a, b) => b[0].localeCompare(a[0]));
  if (field === 'retention') return pairs.sort((a, b) => ['Y', 'D30', 'D10'].indexOf(a[0]) - ['Y', 'D30', 'D10'].indexOf(b[0]));
  if (field === 'class') return pairs.sort((a, b) => classifications.indexOf(a[0]) - classifications.indexOf(b[0]));
  return pairs.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'));
}

/**
 * A snippet with its highlight ranges as <mark>. The server's ranges are UTF-16
 * offsets into the snippet as written, where each matched passage also stands
 * between 【 and 】 (the command line's way of showing it); on the page the mark
 * shows it, so the brackets around a range are left out. A range that does not fit
 * the snippet is ignored rather than trusted.
 */
export function highlighted(snippet, ranges) {
  const text = snippet || '';
  const parts = [];
  let at = 0;
  const sorted = (ranges || [])
    .filter((r) => Array.isArray(r) && Number.isInteger(r[0]) && Number.isInteger(r[1]) && r[0] < r[1] && r[0] >= 0 && r[1] <= text.length)
    .sort((x, y) => x[0] - y[0]);
  for (const [from, to] of sorted) {
    if (from < at) continue;
    const open = text[from - 1] === '【' && from - 1 >= at ? from - 1 : from;
    if (open > at) parts.push(text.slice(at, open));
    parts.push(h('mark', null, text.slice(from, to)));
    at = text[to] === '】' ? to + 1 : to;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

function hitView(hit) {
  const badges = [];
  if (hit.restricted) badges.push(h('span', { class: 'badge restricted', title: '密级高于您的查阅权限：内容不予显示' }, '受限'));
  if (hit.destroyed) badges.push(h('span', { class: 'badge destroyed', title: '已按销毁清册销毁，仅保留登记事项' }, '已销毁'));
  if (hit.classification && classifications.indexOf(hit.classification) >= 2) {
    badges.push(h('span', { class: 'badge class' }, hit.classification));
  }
  const title = hit.restricted
    ? '（受限：密级高于查阅权限）'
    : (hit.title || hit.stream);
  const meta = [
    hit.archive_number ? h('span', null, '档号 ', hit.archive_number) : h('span', null, '（未归档）'),
    hit.starts_at ? h('span', null, date(hit.starts_at)) : null,
    hit.kind ? h('span', null, hit.kind) : null,
    hit.classification ? h('span', null, `密级 ${hit.classification}`) : null,
  ];
  return h('li', {
    class: 'hit',
    dataset: { stream: hit.stream, restricted: String(Boolean(hit.restricted)), destroyed: String(Boolean(hit.destroyed)) },
  },
    h('div', { class: 'title' }, h('a', { href: link('meeting', { stream: hit.stream }) }, title), badges),
    h('div', { class: 'meta' }, meta),
    hit.snippet ? h('p', { class: 'snippet' }, highlighted(hit.snippet, hit.highlights)) : null);
}

function pager(state, total) {
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages <= 1) return null;
  const current = Math.floor(state.offset / PAGE_SIZE);
  const to = (page) => link('search', { q: state.q, f: state.filters, sort: state.sort, offset: page * PAGE_SIZE || '' });
  const items = [];
  if (current > 0) items.push(h('a', { href: to(current - 1), rel: 'prev' }, '上一页'));
  const shown = new Set([0, pages - 1]);
  for (let p = current - 2; p <= current + 2; p++) if (p >= 0 && p < pages) shown.add(p);
  let last = -1;
  for (const p of [...shown].sort((a, b) => a - b)) {
    if (p > last + 1) items.push(h('span', { class: 'gap' }, '…'));
    items.push(p === current
      ? h('span', { 'aria-current': 'page' }, String(p + 1))
      : h('a', { href: to(p) }, String(p + 1)));
    last = p;
  }
  if (current < pages - 1) items.push(h('a', { href: to(current + 1), rel: 'next' }, '下一页'));
  return h('nav', { class: 'pager', 'aria-label': '分页' }, items);
}

function facetsView(state, facets) {
  const sections = [];
  for (const facet of FACETS) {
    const pairs = facetPairs(facets, facet.key);
    if (!pairs || pairs.length === 0) continue;
    const items = sortPairs(facet.key, pairs).slice(0, facet.key === 'year' ? 15 : 12).map(([value, n]) => {
      const filter = `${facet.key}:${value}`;
      const active = state.filters.includes(filter);
      const filters = active ? state.filters.filter((f) => f !== filter) : [...state.filters, filter];
      return h('li', null, h('a', {
        href: link('search', { q: state.q, f: filters, sort: state.sort }),
        'aria-current': active ? 'true' : null,
        dataset: { facet: facet.key, value },
      }, h('span', null, facet.label ? facet.label(value) : value), h('span', { class: 'n' }, count(n))));
    });
    sections.push(h('section', { dataset: { facet: facet.key } }, h('h2', null, facet.title), h('ul', null, items)));
  }
  return h('aside', { class: 'facets', 'aria-label': '分面' }, sections);
}

/**
 * A query the server could not read: its message, and the query with the place of
 * the problem marked. The column counts characters from 1, as the command line's
 * caret does; a caret under proportional CJK text would point at the wrong place,
 * so the query is shown with the part from that column on marked instead.
 */
function syntaxError(query, error) {
  const column = error.body && Number(error.body.column);
  const chars = Array.from(query);
  const known = Number.isInteger(column) && column > 0 && column <= chars.length + 1;
  return h('div', { class: 'error', role: 'alert', id: 'query-error', dataset: { column: known ? String(column) : '' } },
    h('div', null, `检索式有误${known ? `（第 ${column} 个字符处）` : ''}：${error.body.message || error.message}`),
    known ? h('code', { class: 'query-text' },
      chars.slice(0, column - 1).join(''),
      h('mark', { class: 'fault' }, chars.slice(column - 1).join('') || ' ')) : null);
}

export async function searchView(params) {
  const state = {
    q: params.get('q') || '',
    filters: params.getAll('f').filter((f) => f.includes(':')),
    sort: params.get('sort') || '',
    offset: Math.max(0, Number(params.get('offset')) || 0),
  };
  const query = [state.q.trim(), ...state.filters.map(filterTerms)].filter(Boolean).join(' ');

  const input = h('input', {
    type: 'search', name: 'q', id: 'q', value: state.q, autocomplete: 'off', spellcheck: 'false',
    placeholder: '输入检索词或检索式，例如：kind:主任办公会 year:2023 预算', 'aria-label': '检索式',
  });
  const sortSelect = h('select', { id: 'sort', name: 'sort', 'aria-label': '排序' },
    SORTS.map(([value, label]) => h('option', { value, selected: value === state.sort }, label)));
  const form = h('form', { class: 'search', role: 'search', id: 'search-form' },
    h('div', { class: 'searchbar' }, input, h('button', { type: 'submit', class: 'primary' }, '检索')),
    h('p', { class: 'hint' }, '可直接输入词语；也可用字段：',
      ['kind:', 'dept:', 'year:', 'person:', 'status:', 'class:', 'number:'].map((f) => [h('code', null, f), ' ']),
      '；以空格连接表示同时满足，OR 表示或，-词 表示排除。'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(link('search', { q: input.value.trim(), f: state.filters, sort: sortSelect.value }));
  });
  sortSelect.addEventListener('change', () => {
    navigate(link('search', { q: state.q, f: state.filters, sort: sortSelect.value }));
  });

  const tags = state.filters.length === 0 ? null : h('div', { class: 'tags', 'aria-label': '筛选条件' },
    state.filters.map((filter) => h('span', { class: 'tag', dataset: { filter } },
      tagLabel(filter),
      h('button', {
        type: 'button', title: '去掉此条件', 'aria-label': `去掉条件 ${tagLabel(filter)}`,
        on: { click: () => navigate(link('search', { q: state.q, f: state.filters.filter((f) => f !== filter), sort: state.sort })) },
      }, '×'))),
    h('a', { href: link('search', { q: state.q, sort: state.sort }) }, '清除全部'));

  const page = h('div', { id: 'search' }, h('h1', { class: 'sr-title' }, '会议档案检索'), form, tags);

  if (!query) {
    page.append(h('div', { class: 'panel', id: 'search-intro' },
      h('p', null, '检索全部会议记录：题名、议题、决议和发言要点中的词语，以及会议类别、部门、年度、人员、档号、保管期限和督办状态。'),
      h('p', null, '例如：'),
      h('ul', null, EXAMPLES.map((e) => h('li', null, h('a', { href: link('search', { q: e }) }, h('code', null, e)))))));
    return page;
  }

  let result;
  try {
    result = await api.get('/api/v1/search', {
      q: query, sort: state.sort, limit: PAGE_SIZE, offset: state.offset || '',
    });
  } catch (error) {
    if (error instanceof api.ApiError && error.status === 400) {
      page.append(syntaxError(query, error));
      return page;
    }
    throw error;
  }

  const hits = result.hits || [];
  const total = result.total ?? hits.length;
  const first = total === 0 ? 0 : state.offset + 1;
  const summary = h('div', { class: 'summary' },
    h('strong', { id: 'total', dataset: { total: String(total) } }, `共 ${count(total)} 件`),
    hits.length < total ? h('span', { class: 'muted' }, `第 ${count(first)}–${count(state.offset + hits.length)} 件`) : null,
    h('span', { class: 'spacer' }),
    h('label', null, '排序 ', sortSelect));
  const list = hits.length === 0
    ? h('p', { class: 'notice', id: 'no-hits' }, '没有符合条件的会议记录。')
    : h('ol', { class: 'hits', start: first }, hits.map(hitView));
  page.append(h('div', { class: 'search-layout' },
    facetsView(state, result.facets),
    h('section', { class: 'results', 'aria-label': '检索结果' }, summary, list, pager(state, total))));
  return page;
}
