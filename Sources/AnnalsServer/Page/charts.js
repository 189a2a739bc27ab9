// Charts drawn as SVG by the page's own code (no chart library: nothing is loaded
// from elsewhere). Three forms cover the office's counts: horizontal bars for
// categories (departments, kinds, attendance), columns over months, and a ring
// for the shares of a whole (how decisions were carried out). Each chart carries
// its numbers as <title> tooltips and data-* attributes, so it can be read
// without the picture too.

import { svg, h } from './dom.js';
import { count } from './format.js';

export const PALETTE = ['#9b2c1f', '#1f4e8c', '#1e6b3a', '#c98a00', '#6b4c9a', '#2d7f87', '#8a5a44', '#5f6b76'];

/** A round step for an axis: 1, 2 or 5 times a power of ten, giving about `ticks` lines. */
function step(max, ticks) {
  if (max <= 0) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 5, 10].find((m) => m * power >= raw) * power;
  return Math.max(1, unit);
}

/** Horizontal bars: one per [label, value], largest first as given. */
export function barChart(items, { color = PALETTE[1], labelWidth = 110, unit = '' } = {}) {
  const rowHeight = 26;
  const width = 560;
  const height = items.length * rowHeight + 28;
  const max = Math.max(1, ...items.map(([, v]) => v));
  const tick = step(max, 4);
  const top = Math.ceil(max / tick) * tick;
  const plot = width - labelWidth - 50;
  const x = (v) => labelWidth + (v / top) * plot;
  const grid = [];
  for (let v = 0; v <= top; v += tick) {
    grid.push(svg('line', { class: 'grid', x1: x(v), x2: x(v), y1: 0, y2: items.length * rowHeight }),
      svg('text', { x: x(v), y: items.length * rowHeight + 16, 'text-anchor': 'middle', 'font-size': 11 }, count(v)));
  }
  const bars = items.map(([label, value], i) => {
    const y = i * rowHeight;
    return svg('g', { 'data-label': label, 'data-value': value },
      svg('title', null, `${label}：${count(value)}${unit}`),
      svg('text', { x: labelWidth - 8, y: y + 17, 'text-anchor': 'end', 'font-size': 13 }, label),
      svg('rect', { x: labelWidth, y: y + 5, width: Math.max(1, x(value) - labelWidth), height: rowHeight - 10, fill: color, rx: 2 }),
      svg('text', { x: x(value) + 5, y: y + 17, 'font-size': 12 }, count(value)));
  });
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'bar-chart' }, grid, bars);
}

/** Columns over time: [month 'YYYY-MM', value] in order; the year marked under its January. */
export function columnChart(items, { color = PALETTE[0], unit = '' } = {}) {
  const width = 1100;
  const height = 260;
  const left = 44;
  const bottom = 36;
  const plotH = height - bottom - 10;
  const max = Math.max(1, ...items.map(([, v]) => v));
  const tick = step(max, 5);
  const top = Math.ceil(max / tick) * tick;
  const slot = (width - left - 10) / Math.max(1, items.length);
  const y = (v) => 10 + plotH - (v / top) * plotH;
  const grid = [];
  for (let v = 0; v <= top; v += tick) {
    grid.push(svg('line', { class: 'grid', x1: left, x2: width - 10, y1: y(v), y2: y(v) }),
      svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11 }, count(v)));
  }
  const columns = items.map(([label, value], i) => {
    const cx = left + i * slot;
    const parts = [
      svg('title', null, `${label}：${count(value)}${unit}`),
      svg('rect', { x: cx + slot * 0.15, y: y(value), width: Math.max(1, slot * 0.7), height: Math.max(0, y(0) - y(value)), fill: color }),
    ];
    const [year, month] = label.split('-');
    if (month === '01' || i === 0) {
      parts.push(svg('line', { class: 'axis', x1: cx, x2: cx, y1: y(0), y2: y(0) + 6 }),
        svg('text', { x: cx + 2, y: y(0) + 20, 'font-size': 12 }, `${year}年`));
    }
    return svg('g', { 'data-label': label, 'data-value': value }, parts);
  });
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'column-chart' },
    grid, svg('line', { class: 'axis', x1: left, x2: width - 10, y1: y(0), y2: y(0) }), columns);
}

/** A ring of shares: [label, value, color]; the total in the middle. */
export function ringChart(items, { caption = '合计' } = {}) {
  const total = items.reduce((n, [, v]) => n + v, 0);
  const r = 80;
  const inner = 50;
  const c = 100;
  let angle = -Math.PI / 2;
  const point = (radius, a) => [c + radius * Math.cos(a), c + radius * Math.sin(a)];
  const arcs = items.filter(([, v]) => v > 0).map(([label, value, color]) => {
    const sweep = (value / Math.max(1, total)) * Math.PI * 2;
    const end = angle + Math.min(sweep, Math.PI * 2 - 1e-6);
    const large = sweep > Math.PI ? 1 : 0;
    const [x1, y1] = point(r, angle);
    const [x2, y2] = point(r, end);
    const [x3, y3] = point(inner, end);
    const [x4, y4] = point(inner, angle);
    const d = `M${x1},${y1} A${r},${r} 0 ${large} 1 ${x2},${y2} L${x3},${y3} A${inner},${inner} 0 ${large} 0 ${x4},${y4} Z`;
    angle = end;
    return svg('path', { d, fill: color, 'data-label': label, 'data-value': value },
      svg('title', null, `${label}：${count(value)}（${((100 * value) / Math.max(1, total)).toFixed(1)}%）`));
  });
  const picture = svg('svg', { viewBox: '0 0 200 200', role: 'img', class: 'ring-chart' },
    arcs,
    svg('text', { x: c, y: c - 4, 'text-anchor': 'middle', 'font-size': 22, 'font-weight': 'bold' }, count(total)),
    svg('text', { x: c, y: c + 18, 'text-anchor': 'middle', 'font-size': 12 }, caption));
  const legend = h('div', { class: 'legend' }, items.map(([label, value, color]) => h('span', null,
    h('i', { style: { background: color } }), `${label} ${count(value)}`,
    total > 0 ? h('span', { class: 'muted' }, `（${((100 * value) / total).toFixed(1)}%）`) : null)));
  return [picture, legend];
}
