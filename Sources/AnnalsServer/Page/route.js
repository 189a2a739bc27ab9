// The URL is the page's state: every view and filter is a query on `/`
// (?view=search&q=…&f=…&sort=…&offset=…). Views build links with `link` and move
// with `navigate`; app.js draws whatever the URL names.

let draw = () => {};

/** Called once by app.js with the function that draws the current URL. */
export function setRenderer(fn) { draw = fn; }

/** The URL of a view with its parameters (empty values left out, lists repeated). */
export function link(view, params) {
  const query = new URLSearchParams();
  query.set('view', view);
  for (const [key, value] of Object.entries(params || {})) {
    if (Array.isArray(value)) value.forEach((v) => query.append(key, v));
    else if (value !== undefined && value !== null && value !== '') query.set(key, value);
  }
  return `?${query.toString()}`;
}

/** Goes to a URL of this page: a new history entry (or a replaced one), then draws it. */
export function navigate(href, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  draw();
}
