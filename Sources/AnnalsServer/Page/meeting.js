// 会议: one meeting as an auditor replays it. The minutes (会议纪要), the sign-in
// sheet (签到表), the decisions with their follow-up (督办), and beside them every
// event of the stream as a timeline. An "as of" date (?as_of=2023-03-10, or
// @POSITION from a timeline entry) asks the server for the minutes as they stood
// then; the events after it stay on the timeline, greyed, so the auditor sees
// what was not yet known.

import { h } from './dom.js';
import * as api from './api.js';
import { link, navigate } from './route.js';
import { date, dateTime, clock, status, eventLabel, isoDay, retention, classifications } from './format.js';

/** Names of the people the stream mentions, from its scheduling and the minutes. */
function nameBook(minutes, events) {
  const names = new Map();
  for (const e of events) {
    if (e.type === 'meeting.scheduled' && e.data) {
      for (const p of e.data.participants || []) names.set(p.person, p.name);
    }
    if (e.type === 'leave.requested' && e.data && e.data.substitute) {
      names.set(e.data.substitute.person, e.data.substitute.name);
    }
  }
  if (minutes) {
    for (const key of ['present', 'late', 'left_early', 'on_leave', 'absent', 'observers', 'speeches']) {
      for (const p of minutes[key] || []) if (p.name) names.set(p.person || p.speaker, p.name);
    }
  }
  return (id) => (id && names.get(id) ? `${names.get(id)}（${id}）` : id || '');
}

/** One line saying what an event recorded, in the office's words. */
function eventSummary(e, who) {
  const d = e.data || {};
  const list = (xs) => (xs || []).map(who).join('、');
  switch (e.type) {
    case 'meeting.scheduled':
      return `${d.title || ''}；${dateTime(d.starts_at)}，${d.location || ''}；邀请 ${(d.participants || []).length} 人${d.planned === false ? '（临时会议）' : ''}`;
    case 'meeting.rescheduled':
      return `改至 ${dateTime(d.starts_at)}${d.location ? `，${d.location}` : ''}；原因：${d.reason || ''}`;
    case 'meeting.cancelled': return `原因：${d.reason || ''}`;
    case 'meeting.notified':
      return `渠道：${(d.channels || []).join('、')}${d.recipients ? `；通知 ${d.recipients.length} 人` : '；通知全体受邀人员'}`;
    case 'notice.acknowledged': return who(d.person);
    case 'leave.requested':
      return `${who(d.person)}：${d.reason || ''}${d.substitute ? `；由 ${d.substitute.name || ''}（${d.substitute.person}）代会` : ''}`;
    case 'leave.approved': return `${who(d.person)}，批准人 ${who(d.approved_by)}`;
    case 'participant.signed_in':
      return d.signed_by && d.signed_by !== d.person ? `${who(d.person)}（由 ${who(d.signed_by)} 登记）` : who(d.person);
    case 'participant.left_early': return `${who(d.person)}：${d.reason || ''}`;
    case 'agenda.item_added': return `议题${d.item}：${d.title || ''}`;
    case 'minutes.recorded': return `${who(d.speaker)}（议题${d.item}）：${d.summary || ''}${d.dissent ? '（持不同意见）' : ''}`;
    case 'meeting.resolved': return `决议 ${(d.decisions || []).length} 项：${(d.decisions || []).map((x) => x.decision).join('、')}`;
    case 'minutes.drafted': return `起草人 ${who(d.drafter)}`;
    case 'minutes.approved': return `审定人 ${who(d.approved_by)}`;
    case 'minutes.distributed': return `分发 ${list(d.recipients)}`;
    case 'decision.progress': return `${d.decision}：${status(d.status)}${d.note ? `；${d.note}` : ''}`;
    case 'meeting.archived':
      return `${d.fonds || ''}·${d.year || ''}，${retention(d.retention)}，机构 ${d.organization || ''}；归档文件 ${(d.documents || []).length} 件`;
    case 'archive.accessed': return `查阅人 ${who(d.reader)}；目的：${d.purpose || ''}`;
    case 'archive.inspected': return `检查人 ${who(d.inspector)}；${d.result || ''}`;
    case 'hold.placed': case 'hold.released': return `${d.reason || ''}（${d.authority || ''}）`;
    case 'retention.appraised': {
      const outcome = { keep: '继续保存', extend: `延长至${retention(d.retention)}`, destroy: '拟销毁' }[d.outcome] || d.outcome;
      return `${outcome}；鉴定人 ${list(d.appraisers)}`;
    }
    case 'destruction.approved': return `批次 ${d.batch}；批准人 ${list(d.approvers)}`;
    case 'archive.destroyed': return `批次 ${d.batch}；监销人 ${list(d.witnesses)}；${d.method || ''}，${d.place || ''}`;
    default: return '';
  }
}

/** Whether an event lies after the as-of point (a date's end, a time, or @position). */
function afterAsOf(e, asOf) {
  if (!asOf) return false;
  if (asOf.startsWith('@')) return Number(e.position) > Number(asOf.slice(1));
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return isoDay(e.at) > asOf;
  return (e.at || '') > asOf;
}

function timeline(events, who, asOf, stream) {
  const items = events.map((e) => {
    const destroyed = e.destroyed === true || (e.data === undefined && e.digest);
    return h('li', {
      class: [afterAsOf(e, asOf) ? 'after' : '', destroyed ? 'destroyed' : ''].join(' ').trim() || null,
      dataset: { type: e.type, position: e.position ?? '' },
    },
      h('div', null, h('span', { class: 'when' }, dateTime(e.at)), ' ', h('span', { class: 'what' }, eventLabel(e.type)),
        e.position !== undefined
          ? h('a', { class: 'asof-link', href: link('meeting', { stream, as_of: `@${e.position}` }), title: '查看此事件发生时的纪要' }, '以此为准')
          : null),
      h('div', null, destroyed ? h('span', { class: 'muted' }, `内容已销毁，仅存摘要 ${String(e.digest || '').slice(0, 16)}…`) : eventSummary(e, who)));
  });
  return h('ol', { class: 'timeline', id: 'timeline' }, items);
}

/**
 * The moment the as-of point stands for, as local time text comparable with the
 * events' `at` (all written at the agency's offset): the end of a date, or the
 * time of the last event at or before @POSITION.
 */
function asOfMoment(asOf, events) {
  if (!asOf) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return `${asOf}T23:59:59`;
  if (asOf.startsWith('@')) {
    const p = Number(asOf.slice(1));
    const before = events.filter((e) => Number(e.position) <= p);
    return before.length ? before[before.length - 1].at.slice(0, 19) : '';
  }
  return asOf.slice(0, 19);
}

function signInSheet(minutes, sheet, notYetHeld) {
  if (notYetHeld) {
    // Before the meeting no one has signed in, and no one is absent yet either.
    return h('section', { id: 'signin-sheet', dataset: { held: 'false' } },
      h('h2', null, '签到表'),
      h('p', { class: 'muted' }, `截至所选时间，会议尚未召开（${dateTime(minutes.starts_at)}）。`));
  }
  if (!sheet) {
    return h('section', { id: 'signin-sheet' }, h('h2', null, '签到表'), h('p', { class: 'muted' }, '签到表暂时无法读取。'));
  }
  // The sheet as `annals sign-in` prints it: its rows and notes (迟到, 早退, 请假, 代会,
  // 缺席) and its foot are the library's, the same JSON as `--format json`.
  const rows = (sheet.rows || []).map((r, i) => h('tr', { dataset: { person: r.person, role: r.role } },
    h('td', { class: 'nowrap' }, String(i + 1)),
    h('td', null, `${r.name || ''}${r.role === 'observer' ? '（列席）' : ''}`),
    h('td', null, r.unit || ''),
    h('td', null, r.position || ''),
    h('td', { class: 'nowrap' }, clock(r.signed_in_at)),
    h('td', { class: r.note && r.note.includes('缺席') ? 'status-overdue' : null }, r.note || '')));
  const c = sheet.counts || {};
  const counts = `应到 ${c.expected ?? 0} 人，实到 ${c.present ?? 0} 人`
    + (c.substitutes ? `（含代会 ${c.substitutes} 人）` : '')
    + (c.observers ? `，列席 ${c.observers} 人` : '');
  return h('section', { id: 'signin-sheet' },
    h('h2', null, '签到表'),
    h('p', { class: 'muted' }, counts),
    rows.length === 0 ? h('p', { class: 'muted' }, '（无人签到）') : h('table', null,
      h('thead', null, h('tr', null, ['序号', '姓名', '单位', '职务', '签到时间', '备注'].map((t) => h('th', null, t)))),
      h('tbody', null, rows)));
}

function decisionsSection(minutes, events, who) {
  const progress = new Map();
  for (const e of events) {
    if (e.type === 'decision.progress' && e.data) {
      if (!progress.has(e.data.decision)) progress.set(e.data.decision, []);
      progress.get(e.data.decision).push(e);
    }
  }
  const decisions = minutes.decisions || [];
  return h('section', { id: 'decisions' },
    h('h2', null, `决议事项（${decisions.length}）`),
    decisions.length === 0 ? h('p', { class: 'muted' }, '（无决议）') : h('table', null,
      h('thead', null, h('tr', null, ['编号', '议题', '决议', '责任部门', '完成时限', '状态', '办理情况'].map((t) => h('th', null, t)))),
      h('tbody', null, decisions.map((d) => h('tr', { dataset: { decision: d.id, status: d.status } },
        h('td', { class: 'nowrap' }, d.id),
        h('td', { class: 'nowrap' }, d.item),
        h('td', null, d.text),
        h('td', { class: 'nowrap' }, (d.responsible || []).join('、')),
        h('td', { class: 'nowrap' }, date(d.deadline)),
        h('td', { class: `nowrap status-${d.status}` }, status(d.status)),
        h('td', null, (progress.get(d.id) || []).map((e) => h('div', null,
          `${date(e.at)} ${status(e.data.status)}${e.data.note ? `：${e.data.note}` : ''}`))))))));
}

function minutesDocument(m, who) {
  const facts = [
    ['会议类别', m.kind], ['主办部门', m.organizer],
    ['时间', m.starts_at ? `${dateTime(m.starts_at)} 至 ${clock(m.ends_at)}` : ''], ['地点', m.location],
    ['主持人', who(m.chair)], ['记录人', who(m.recorder)],
    ['密级', m.classification], ['审定', who(m.approved_by)],
    ['档号', m.archive_number || '（未归档）'],
  ];
  if (m.cancelled) facts.push(['取消', typeof m.cancelled === 'string' ? m.cancelled : (m.cancelled.reason || '已取消')]);
  const byItem = new Map();
  for (const s of m.speeches || []) {
    if (!byItem.has(s.item)) byItem.set(s.item, []);
    byItem.get(s.item).push(s);
  }
  return [
    h('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v || '')])),
    h('section', { id: 'agenda' },
      h('h2', null, '议题及发言要点'),
      (m.agenda || []).length === 0 ? h('p', { class: 'muted' }, '（无议题）') : (m.agenda || []).map((a) => h('div', { class: 'agenda-item' },
        h('h3', null, `议题${a.item}：${a.title}`, a.added ? h('span', { class: 'badge' }, '临时议题') : null,
          a.presenter ? h('span', { class: 'muted' }, `（汇报：${a.presenter}）`) : null),
        (byItem.get(a.item) || []).map((s) => h('p', { class: 'speech' },
          h('span', { class: 'who' }, s.name || s.speaker), s.guest ? h('span', { class: 'muted' }, '（特邀）') : null, '：', s.summary,
          s.dissent ? h('span', { class: 'dissent' }, '持不同意见') : null))))),
  ];
}

function restrictedPanel(stream, error) {
  const body = error.body || {};
  const level = body.classification || (/ is (公开|内部|秘密|机密|绝密)/.exec(body.message || '') || [])[1];
  const clearance = api.session() && api.session().clearance;
  return h('div', { id: 'meeting', dataset: { stream, restricted: 'true' } },
    h('div', { class: 'restricted-panel', role: 'alert' },
      h('h1', null, stream, h('span', { class: 'badge restricted' }, '受限')),
      h('p', null, `本会议的密级${level ? `（${level}）` : ''}高于您的查阅权限${clearance ? `（${clearance}）` : ''}，内容不予显示。`),
      h('p', { class: 'muted' }, '如因工作需要查阅，请向档案室申请相应的查阅权限。')));
}

/** A destroyed meeting: its content is gone; the register keeps what was destroyed. */
async function destroyedPanel(stream, error) {
  let entry = null;
  try {
    const register = await api.get('/api/v1/register');
    entry = (Array.isArray(register) ? register : []).find((r) => r.stream === stream) || null;
  } catch {
    // The register is the keepers' (archivists, auditors); others see the notice alone.
  }
  const facts = entry ? [
    ['档号', entry.archive_number], ['题名', entry.title], ['年度', entry.year],
    ['应保管期限', retention(entry.retention)], ['销毁批次', entry.batch],
    ['批准人', (entry.approved_by || []).join('、')], ['监销人', (entry.witnesses || []).join('、')],
    ['销毁时间', dateTime(entry.destroyed_at)], ['方式及地点', [entry.method, entry.place].filter(Boolean).join('，')],
    ['销毁原因', entry.reason],
  ] : [];
  return h('div', { id: 'meeting', dataset: { stream, destroyed: 'true', restricted: 'false' } },
    h('div', { class: 'panel' },
      h('h1', null, entry ? entry.title : stream, h('span', { class: 'badge destroyed' }, '已销毁')),
      h('p', null, '本会议档案已按规定销毁：内容已从日志中删除，仅保留销毁清册所载事项和所销毁内容的摘要。'),
      facts.length ? h('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, String(v ?? ''))])) : null,
      entry ? h('p', null, h('a', { href: link('register', {}) }, '查看销毁清册')) : h('p', { class: 'muted' }, error.message)));
}

export async function meetingView(params) {
  const stream = params.get('stream');
  if (!stream) return h('p', { class: 'error' }, '缺少会议（stream）参数。');
  const asOf = params.get('as_of') || '';
  const [minutesR, sheetR, eventsR] = await Promise.allSettled([
    api.get('/api/v1/minutes', { stream, as_of: asOf }),
    api.get('/api/v1/signin-sheet', { stream, as_of: asOf }),
    api.get('/api/v1/events', { stream }),
  ]);
  if (minutesR.status === 'rejected') {
    const error = minutesR.reason;
    if (error instanceof api.ApiError && error.status === 403) return restrictedPanel(stream, error);
    if (error instanceof api.ApiError && error.status === 410) return destroyedPanel(stream, error);
    if (error instanceof api.ApiError && error.status === 404) {
      return h('p', { class: 'error', role: 'alert' }, asOf ? `截至 ${asOf}，会议 ${stream} 尚未安排。` : `没有会议 ${stream}。`);
    }
    throw error;
  }
  const minutes = minutesR.value;
  const eventsBody = eventsR.status === 'fulfilled' ? eventsR.value : [];
  const events = Array.isArray(eventsBody) ? eventsBody : (eventsBody.events || []);
  const sheet = sheetR.status === 'fulfilled' ? sheetR.value : null;
  const who = nameBook(minutes, events);
  const destroyed = minutes.destroyed === true || events.some((e) => e.type === 'archive.destroyed');
  const high = classifications.indexOf(minutes.classification) >= 2;
  const moment = asOfMoment(asOf, events);
  const notYetHeld = moment !== null && (minutes.present || []).length === 0 && moment < String(minutes.starts_at || '').slice(0, 19);

  const asOfInput = h('input', { type: 'date', id: 'as-of', name: 'as_of', value: /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : '' });
  const asOfForm = h('form', { class: 'toolbar', id: 'as-of-form' },
    h('label', null, '查看截至', asOfInput, '的状态'),
    h('button', { type: 'submit' }, '查看'),
    asOf ? h('a', { href: link('meeting', { stream }) }, '回到现在') : null,
    h('span', { class: 'spacer' }),
    h('button', { type: 'button', on: { click: () => window.print() } }, '打印纪要'));
  asOfForm.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(link('meeting', { stream, as_of: asOfInput.value }));
  });

  const asOfLabel = asOf.startsWith('@') ? `日志位置 ${asOf.slice(1)}（含）` : asOf ? date(asOf) : '';
  return h('article', { id: 'meeting', dataset: { stream, restricted: 'false', asOf } },
    h('div', { class: 'meeting-head' },
      h('h1', null, minutes.title || stream,
        destroyed ? h('span', { class: 'badge destroyed' }, '已销毁') : null,
        high ? h('span', { class: 'badge class' }, minutes.classification) : null),
      h('span', { class: 'muted' }, stream)),
    asOfForm,
    asOf ? h('p', { class: 'asof-banner', id: 'as-of-banner' }, `以下为截至${asOfLabel}的会议纪要；时间线上其后的事件以灰色显示。`) : null,
    h('div', { class: 'columns' },
      h('div', { class: 'panel' },
        h('p', { class: 'print-only document-head' }, h('strong', null, '会议纪要')),
        minutesDocument(minutes, who),
        signInSheet(minutes, sheet, notYetHeld),
        decisionsSection(minutes, events.filter((e) => !afterAsOf(e, asOf)), who)),
      h('aside', { class: 'panel no-print', 'aria-label': '事件时间线' },
        h('h2', null, `事件记录（${events.length}）`),
        events.length === 0 ? h('p', { class: 'muted' }, '无法读取事件记录。') : timeline(events, who, asOf, stream))));
}
