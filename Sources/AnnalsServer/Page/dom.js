// Building the page's DOM. Every text goes in through textContent, never through
// innerHTML, so nothing read from the archive (a title, a speech, a query) can
// become markup: the Content-Security-Policy forbids inline scripts, and this
// keeps even inert markup out.

/** An element: h('td', {class: 'num', dataset: {stream: s}}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'dataset') Object.assign(el.dataset, value);
      // Through the CSSOM: the Content-Security-Policy refuses style attributes.
      else if (key === 'style') Object.assign(el.style, value);
      else if (key === 'on') for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
      else if (key === 'class') el.className = value;
      else if (key in el && typeof value !== 'string') el[key] = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** SVG elements need their namespace. */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null) continue;
    el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}
