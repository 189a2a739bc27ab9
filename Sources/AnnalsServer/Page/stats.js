// 统计: the counts offices keep (DOMAIN.md), as GET /api/v1/stats gives them
// (counts only: no titles, and no attendance by person, which the server keeps to
// the command line),
// drawn as charts: meetings per month, per department and per kind; attendance;
// how decisions were carried out; notices and minutes that were late.

import { h } from './dom.js';
import * as api from './api.js';
import { date, count } from './format.js';
import { barChart, columnChart, ringChart, PALETTE } from './charts.js';

function sumBy(rows, key, value) {
  const totals = new Map();
  for (const r of rows || []) totals.set(r[key], (totals.get(r[key]) || 0) + (r[value] || 0));
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

function chart(id, title, ...content) {
  return h('section', { class: 'chart', id, dataset: { chart: id } }, h('h2', null, title), content);
}

function percent(part, whole) {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—';
}

export async function statsView() {
  // One breakdown per request (?by=dept|kind|month); the totals come with each.
  const [byDept, byKind, byMonth] = await Promise.all(['dept', 'kind', 'month'].map((by) => api.get('/api/v1/stats', { by })));
  const s = byDept;
  const months = (byMonth.by_month || []).map((r) => [r.month, r.meetings]);
  const depts = sumBy(byDept.by_dept, 'dept', 'meetings');
  const kinds = (byKind.by_kind || []).map((r) => [r.kind, r.meetings]).sort((a, b) => b[1] - a[1]);
  const d = s.decisions || {};
  const a = s.attendance || {};
  const notices = s.notices || {};
  const minutes = s.minutes || {};

  const figures = h('div', { class: 'figures' },
    [
      ['会议', count(s.meetings)],
      ['决议事项', count(d.total)],
      ['逾期未办', count(d.overdue)],
      ['通知迟发', `${count(notices.late)}（${percent(notices.late, notices.sent)}）`],
      ['纪要迟起草', `${count(minutes.late)}（${percent(minutes.late, minutes.drafted)}）`],
    ].map(([k, v]) => h('div', { class: 'figure' }, h('div', { class: 'v' }, v), h('div', { class: 'k' }, k))));

  return h('div', { id: 'stats' },
    h('h1', null, '统计'),
    h('p', { class: 'muted' }, s.date ? `截至${date(s.date)}` : ''),
    figures,
    months.length > 0 ? chart('by-month', '各月召开会议数', columnChart(months, { unit: '次' })) : null,
    h('div', { class: 'charts' },
      chart('by-dept', '各部门主办会议数', barChart(depts.slice(0, 15), { color: PALETTE[1], unit: '次' })),
      chart('by-kind', '各类会议数', barChart(kinds.slice(0, 15), { color: PALETTE[5], labelWidth: 130, unit: '次' })),
      chart('decisions', '决议事项办理情况', ringChart([
        ['按期办结', d.done_on_time || 0, PALETTE[2]],
        ['逾期办结', d.done_late || 0, PALETTE[3]],
        ['逾期未办', d.overdue || 0, PALETTE[0]],
        ['未到期', d.open || 0, PALETTE[7]],
      ], { caption: '决议事项' })),
      chart('attendance', '出勤情况（人次）', barChart([
        ['出席', a.present || 0],
        ['迟到', a.late || 0],
        ['早退', a.left_early || 0],
        ['请假', a.on_leave || 0],
        ['其中有人代会', a.on_leave_with_substitute || 0],
        ['代会', a.substituting || 0],
        ['缺席', a.absent || 0],
      ], { color: PALETTE[6], unit: '人次' }))));
}
