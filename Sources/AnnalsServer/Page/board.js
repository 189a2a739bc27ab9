// 督办: every decision's follow-up on one board, a column per state: overdue
// (逾期未办) first, because that is what a supervising office chases; then open or
// in progress, done late, done. Filters (department, the deadline's year) live in
// the URL like everything else.

import { h } from './dom.js';
import * as api from './api.js';
import { link, navigate } from './route.js';
import { date, count, status } from './format.js';

const COLUMNS = [
  { id: 'overdue', states: ['overdue'], title: '逾期未办', order: (a, b) => a.deadline.localeCompare(b.deadline) },
  { id: 'open', states: ['open', 'in_progress'], title: '未办及办理中', order: (a, b) => a.deadline.localeCompare(b.deadline) },
  { id: 'done_late', states: ['done_late'], title: '逾期办结', order: (a, b) => (b.done_at || '').localeCompare(a.done_at || '') },
  { id: 'done', states: ['done'], title: '按期办结', order: (a, b) => (b.done_at || '').localeCompare(a.done_at || '') },
];

const SHOWN = 40;

function card(d) {
  return h('div', { class: `card status-${d.status}`, dataset: { stream: d.stream, decision: d.decision, status: d.status } },
    h('div', { class: 'meta' },
      h('a', { href: link('meeting', { stream: d.stream }) }, d.title || d.stream), ` · ${d.decision}`),
    h('div', { class: 'text' }, d.text),
    h('div', { class: 'meta' },
      `责任部门 ${(d.responsible || []).join('、')} · 时限 ${date(d.deadline)}`,
      d.done_at ? ` · 办结 ${date(d.done_at)}` : '',
      d.status === 'in_progress' ? ` · ${status(d.status)}` : ''));
}

export async function boardView(params) {
  const dept = params.get('dept') || '';
  const year = params.get('year') || '';
  const expanded = params.get('more') || '';
  const all = await api.get('/api/v1/decisions', { dept });
  const rows = Array.isArray(all) ? all : (all.decisions || []);
  const depts = [...new Set(rows.flatMap((d) => d.responsible || []))].sort();
  const years = [...new Set(rows.map((d) => (d.deadline || '').slice(0, 4)).filter(Boolean))].sort().reverse();
  const shown = year ? rows.filter((d) => (d.deadline || '').startsWith(year)) : rows;

  const deptSelect = h('select', { id: 'dept', 'aria-label': '责任部门' },
    h('option', { value: '' }, '全部部门'),
    [...new Set([...depts, dept].filter(Boolean))].sort().map((x) => h('option', { value: x, selected: x === dept }, x)));
  const yearSelect = h('select', { id: 'board-year', 'aria-label': '完成时限年度' },
    h('option', { value: '' }, '全部年度'),
    years.map((y) => h('option', { value: y, selected: y === year }, `${y}年`)));
  const go = () => navigate(link('board', { dept: deptSelect.value, year: yearSelect.value }));
  deptSelect.addEventListener('change', go);
  yearSelect.addEventListener('change', go);

  const columns = COLUMNS.map((c) => {
    const items = shown.filter((d) => c.states.includes(d.status)).sort(c.order);
    const all = expanded === c.id;
    return h('section', { dataset: { column: c.id, count: String(items.length) } },
      h('h2', null, h('span', null, c.title), h('span', { class: 'n' }, count(items.length))),
      (all ? items : items.slice(0, SHOWN)).map(card),
      items.length > SHOWN && !all
        ? h('a', { href: link('board', { dept, year, more: c.id }) }, `显示全部 ${count(items.length)} 项`)
        : null);
  });
  const overdue = shown.filter((d) => d.status === 'overdue').length;
  return h('div', { id: 'board' },
    h('h1', null, '决议事项督办'),
    h('div', { class: 'toolbar' },
      h('label', null, '责任部门 ', deptSelect),
      h('label', null, '完成时限 ', yearSelect),
      h('span', { class: 'muted' }, `共 ${count(shown.length)} 项，逾期未办 ${count(overdue)} 项`)),
    h('div', { class: 'board' }, columns));
}
