// The office's paper: the archive directory (归档文件目录), the yearly retention
// review (鉴定) and the destruction register (销毁清册), each a page that prints on
// A4 as the document itself (app.css, @media print: no navigation, the table's
// header repeated on every sheet, signature lines at the foot).

import { h } from './dom.js';
import * as api from './api.js';
import { link, navigate } from './route.js';
import { date, dateTime, count, retention } from './format.js';

let catalogueCache = null;
let catalogueFetched = 0;

/**
 * The whole catalogue (the years it spans, and titles for the review), shared by
 * the views drawn within a minute of each other: moving between a year's
 * catalogue and its review does not fetch it again, and a page left open still
 * shows what was filed since.
 */
async function wholeCatalogue() {
  if (!catalogueCache || Date.now() - catalogueFetched > 60000) {
    catalogueFetched = Date.now();
    catalogueCache = api.get('/api/v1/catalogue').catch((e) => { catalogueCache = null; throw e; });
  }
  return catalogueCache;
}

function printButton() {
  return h('button', { type: 'button', class: 'primary', id: 'print', on: { click: () => window.print() } }, '打印');
}

function yearPicker(view, years, selected, extra) {
  const select = h('select', { id: 'year', name: 'year', 'aria-label': '年度' },
    (extra || []).map(([value, label]) => h('option', { value, selected: String(selected) === value }, label)),
    years.map((y) => h('option', { value: String(y), selected: String(selected) === String(y) }, `${y}年`)));
  select.addEventListener('change', () => navigate(link(view, { year: select.value })));
  return h('label', null, '年度 ', select);
}

function documentHead(title, subtitle) {
  return h('header', { class: 'document-head' }, h('h1', null, title), subtitle ? h('p', null, subtitle) : null);
}

function signatures(...roles) {
  return h('footer', { class: 'document-foot print-only' },
    roles.map((r) => h('span', null, `${r}（签字）：`, '\u3000'.repeat(8))),
    h('span', null, '日期：\u3000\u3000年\u3000\u3000月\u3000\u3000日'));
}

export async function catalogueView(params) {
  const all = await wholeCatalogue();
  const years = [...new Set(all.map((r) => r.year))].sort((a, b) => b - a);
  let year = params.get('year');
  if (!year && years.length > 0) {
    year = String(years[0]);
    history.replaceState(null, '', link('catalogue', { year }));
  }
  const rows = year === 'all' ? all : all.filter((r) => String(r.year) === year);
  const destroyed = rows.filter((r) => r.destroyed).length;
  return h('div', { id: 'catalogue', class: 'document' },
    h('div', { class: 'toolbar' }, yearPicker('catalogue', years, year, [['all', '全部年度']]), h('span', { class: 'spacer' }),
      h('a', { class: 'button', id: 'catalogue-csv', download: 'catalogue.csv',
        href: `/api/v1/catalogue?format=csv${year === 'all' ? '' : `&year=${encodeURIComponent(year)}`}` }, '导出 CSV'),
      printButton()),
    documentHead('归档文件目录', `${year === 'all' ? '全部年度' : `${year}年度`}　共 ${count(rows.length)} 件${destroyed ? `，其中已销毁 ${destroyed} 件` : ''}`),
    h('table', { class: 'catalogue' },
      h('thead', null, h('tr', null, ['序号', '档号', '题名', '会议类别', '年度', '保管期限', '机构', '件数', '备注'].map((t) => h('th', null, t)))),
      h('tbody', null, rows.map((r, i) => h('tr', { class: r.destroyed ? 'destroyed' : null, dataset: { number: r.archive_number } },
        h('td', { class: 'num' }, String(i + 1)),
        h('td', { class: 'nowrap' }, h('a', { href: link('meeting', { stream: r.stream }) }, r.archive_number)),
        h('td', null, r.title || (r.restricted ? '（受限）' : '')),
        h('td', { class: 'nowrap' }, r.kind || ''),
        h('td', { class: 'num' }, String(r.year)),
        h('td', { class: 'nowrap' }, retention(r.retention)),
        h('td', { class: 'nowrap' }, r.organization || ''),
        h('td', { class: 'num' }, String(r.documents ?? '')),
        h('td', { class: 'nowrap' }, r.destroyed ? h('span', { class: 'badge destroyed' }, '已销毁') : ''))))),
    signatures('立卷人', '检查人'));
}

export async function retentionView(params) {
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year')) || thisYear;
  const [review, all] = await Promise.all([
    api.get('/api/v1/retention', { year }),
    wholeCatalogue(),
  ]);
  const byNumber = new Map(all.map((r) => [r.archive_number, r]));
  const years = [];
  for (let y = thisYear + 5; y >= thisYear - 15; y--) years.push(y);
  const section = (id, title, note, entries) => h('section', { id: `retention-${id}` },
    h('h2', null, `${title}（${entries.length} 件）`),
    h('p', { class: 'muted' }, note),
    entries.length === 0 ? h('p', { class: 'muted' }, '（无）') : h('table', null,
      h('thead', null, h('tr', null, ['序号', '档号', '题名', '保管期限', '期满日期', '鉴定意见'].map((t) => h('th', null, t)))),
      h('tbody', null, entries.map((e, i) => {
        // The catalogue leaves out what is above the account's clearance: such a
        // record is named by its number alone.
        const entry = byNumber.get(e.archive_number) || { title: '（受限）' };
        return h('tr', { dataset: { number: e.archive_number } },
          h('td', { class: 'num' }, String(i + 1)),
          h('td', { class: 'nowrap' }, h('a', { href: link('meeting', { stream: e.stream }) }, e.archive_number)),
          h('td', null, e.title || entry.title || ''),
          h('td', { class: 'nowrap' }, retention(e.retention)),
          h('td', { class: 'nowrap' }, date(e.expired_at)),
          h('td', null, e.reason || e.authority || ''));
      }))));
  return h('div', { id: 'retention', class: 'document' },
    h('div', { class: 'toolbar' }, yearPicker('retention', years, year), h('span', { class: 'spacer' }), printButton()),
    documentHead('档案保管期限年度鉴定表', `${year}年度（截至${year}年1月1日）`),
    section('due', '期满待鉴定', '保管期限已满，须经鉴定决定继续保存、延长期限或销毁。', review.due || []),
    section('held', '冻结中', '因审计、诉讼等原因冻结，冻结解除前不得销毁。', review.held || []),
    section('extended', '已延长保管期限', '经鉴定延长保管期限的档案。', review.extended || []),
    signatures('鉴定人', '鉴定人', '审核人'));
}

export async function registerView() {
  const register = await api.get('/api/v1/register');
  const rows = Array.isArray(register) ? register : (register.records || register.entries || []);
  const batches = [...new Set(rows.map((r) => r.batch))];
  return h('div', { id: 'register', class: 'document' },
    h('div', { class: 'toolbar' }, h('span', { class: 'muted' }, '销毁清册永久保存。'), h('span', { class: 'spacer' }), printButton()),
    documentHead('档案销毁清册', `共 ${count(rows.length)} 件，${batches.length} 个销毁批次`),
    rows.length === 0 ? h('p', { class: 'notice', id: 'register-empty' }, '尚无销毁的档案。') : h('table', { class: 'register' },
      h('thead', null, h('tr', null, ['序号', '档号', '题名', '年度', '应保管期限', '已保管', '件数', '销毁原因', '批次', '批准人', '监销人', '销毁时间及地点'].map((t) => h('th', null, t)))),
      h('tbody', null, rows.map((r, i) => h('tr', { dataset: { number: r.archive_number } },
        h('td', { class: 'num' }, String(i + 1)),
        h('td', { class: 'nowrap' }, r.archive_number),
        h('td', null, r.title || ''),
        h('td', { class: 'num' }, String(r.year ?? '')),
        h('td', { class: 'nowrap' }, retention(r.retention)),
        h('td', { class: 'nowrap' }, r.kept_years !== undefined ? `${r.kept_years}年` : ''),
        h('td', { class: 'num' }, String(r.documents ?? '')),
        h('td', null, r.reason || ''),
        h('td', { class: 'nowrap' }, r.batch || ''),
        h('td', null, (r.approved_by || []).join('、')),
        h('td', null, (r.witnesses || []).join('、')),
        h('td', null, dateTime(r.destroyed_at), r.method ? `，${r.method}` : '', r.place ? `，${r.place}` : ''))))),
    rows.length === 0 ? null : h('section', { id: 'register-digests', class: 'digests' },
      h('h2', null, '已销毁内容摘要（SHA-256）'),
      h('p', { class: 'muted' }, '销毁只删除内容，保留每条记录的摘要：凭摘要可证明销毁的是什么，而不再持有其内容。'),
      h('table', null,
        h('thead', null, h('tr', null, h('th', null, '档号'), h('th', null, '条数'), h('th', null, '摘要'))),
        h('tbody', null, rows.map((r) => h('tr', null,
          h('td', { class: 'nowrap' }, r.archive_number),
          h('td', { class: 'num' }, String((r.digests || []).length)),
          h('td', { class: 'code' }, (r.digests || []).join(' '))))))),
    signatures('批准人', '监销人', '监销人'));
}
