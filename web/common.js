// What every page shares: reading the node's JSON, building elements,
// tables with captions, and links from a number to where it comes from.
// Pages draw what the node computed; nothing here computes a figure.

// GET a JSON endpoint of this node; an error response becomes an Error
// carrying the node's message.
export async function api(path) {
  const res = await fetch(path, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const e = body && body.error;
    throw new Error(e ? `${e.where}: ${e.message}` : `${path}: HTTP ${res.status}`);
  }
  return body;
}

// h('a', {href: '/x', class: 'y'}, 'text', child...): an element. Attributes
// whose value is null, undefined or false are left out; `text` sets the
// text content; on* attributes are listeners.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const grouping = new Intl.NumberFormat('en-US');

// A whole number as shown: thousands grouped, a minus sign for negatives.
export function num(n) {
  return n === null || n === undefined ? '–' : grouping.format(n);
}

// The page's heading and a fresh content area.
export function page(title) {
  document.title = `${title} · accord`;
  document.getElementById('title').textContent = title;
  const root = document.getElementById('page');
  root.replaceChildren();
  return root;
}

// A section with its own heading, labelled by it.
let sections = 0;
export function section(title, ...children) {
  const id = `s${++sections}`;
  return h('section', { 'aria-labelledby': id },
    h('h2', { id, text: title }), ...children);
}

// A table: caption, column heads ({label, num}), rows of cells (a cell is
// a Node, a string, or {value, href, title} for a number with its source).
export function table(caption, columns, rows, attrs) {
  const head = h('tr', null, columns.map((c) =>
    h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)));
  const body = rows.map((r) => h('tr', r.attrs || null, r.cells.map((cell, i) =>
    i === 0 && r.header ? h('th', { scope: 'row' }, cellContent(cell))
      : h('td', { class: columns[i] && columns[i].num ? 'num' : null,
        'data-value': isNumber(cell) ? cell.value : null },
      cellContent(cell)))));
  return h('div', { class: 'table-wrap' },
    h('table', attrs || null, h('caption', null, caption), h('thead', null, head),
      h('tbody', null, body)));
}

// A cell that is a number with its source, not an element.
function isNumber(cell) {
  return cell !== null && typeof cell === 'object' && !(cell instanceof Node) && cell.value !== undefined;
}

function cellContent(cell) {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Node || typeof cell !== 'object') return cell;
  const text = cell.text !== undefined ? cell.text : num(cell.value);
  return cell.href ? h('a', { href: cell.href, title: cell.title || null }, text)
    : text;
}

// Where a number comes from.
export function declHref(idUrl) {
  return `/declarations#decl-${idUrl}`;
}
export function entryHref(log, seq) {
  return `/notifications#${log}:${seq}`;
}

// A short, readable form of a declaration or checkpoint id.
export function shortId(id) {
  return id ? `${id.slice(0, 10)}…` : '';
}

// A status word with a symbol, so that it never rests on colour alone.
export function badge(ok, yes, no) {
  return h('span', { class: ok ? 'badge ok' : 'badge bad' },
    ok ? `✓ ${yes}` : `✗ ${no}`);
}

// An error where a page or a part of one would be.
export function failure(err) {
  return h('p', { class: 'error', role: 'alert' }, `Could not load: ${err.message}`);
}
