// How the office writes things: dates as 2023年3月7日, times as the meeting's own
// local time (the API sends RFC 3339 with the offset the meeting was held at, and
// the clock on the wall is what a clerk wrote, so no conversion to the browser's
// zone), and the Chinese names of statuses, classes and events.

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const TIME = /T(\d{2}):(\d{2})/;

/** 2023-03-07 or 2023-03-07T09:30:00+08:00 → 2023年3月7日. */
export function date(text) {
  if (!text) return '';
  const m = DATE.exec(text);
  if (!m) return text;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** 2023-03-07T09:30:00+08:00 → 2023年3月7日 09:30. */
export function dateTime(text) {
  if (!text) return '';
  const t = TIME.exec(text);
  return t ? `${date(text)} ${t[1]}:${t[2]}` : date(text);
}

/** 09:30, from an RFC 3339 time. */
export function clock(text) {
  const t = text && TIME.exec(text);
  return t ? `${t[1]}:${t[2]}` : '';
}

/** A count with the thousands grouped as Chinese office documents do (1,234). */
export function count(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : (n ?? '');
}

export const statusLabels = {
  open: '未办',
  in_progress: '办理中',
  done: '已办结',
  done_late: '逾期办结',
  overdue: '逾期未办',
};

export const retentionLabels = { Y: '永久', D30: '定期30年', D10: '定期10年' };

export const classifications = ['公开', '内部', '秘密', '机密', '绝密'];

export function retention(code) {
  return retentionLabels[code] || code || '';
}

export function status(code) {
  return statusLabels[code] || code || '';
}

/** The Chinese name of each event type, for the meeting's timeline. */
export const eventLabels = {
  'meeting.scheduled': '会议安排',
  'meeting.rescheduled': '会议改期',
  'meeting.cancelled': '会议取消',
  'meeting.notified': '发出通知',
  'notice.acknowledged': '确认收到通知',
  'leave.requested': '请假申请',
  'leave.approved': '准假',
  'participant.signed_in': '签到',
  'participant.left_early': '早退',
  'agenda.item_added': '增加临时议题',
  'minutes.recorded': '记录发言',
  'meeting.resolved': '形成决议',
  'minutes.drafted': '纪要起草',
  'minutes.approved': '纪要审定',
  'minutes.distributed': '纪要分发',
  'decision.progress': '决议办理进展',
  'meeting.archived': '归档',
  'archive.accessed': '查阅登记',
  'archive.inspected': '档案维护检查',
  'hold.placed': '冻结',
  'hold.released': '解除冻结',
  'retention.appraised': '鉴定',
  'destruction.approved': '批准销毁',
  'archive.destroyed': '销毁',
};

export function eventLabel(type) {
  return eventLabels[type] || type;
}

/** 2023-03-07 from an RFC 3339 time or a date (for <input type=date>). */
export function isoDay(text) {
  const m = text && DATE.exec(text);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : '';
}
