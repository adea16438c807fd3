// Notifications: the party's own log and the peers' logs this node
// mirrors, newest first, filterable by type, each entry with whether a
// signed checkpoint covers it (and a cosigned one), and any finding.
// While the page is open it asks the node every two seconds how long
// each log is, and shows new entries without a reload.
import { api, badge, declHref, h, page, table } from './common.js';

const POLL_MS = 2000;
const PAGE = 50;

export async function render(node) {
  const root = page('Notifications');
  const logs = node.logs.map((l) => l.name);
  const hash = /^#([A-Za-z0-9._-]+)(?::(\d+))?$/.exec(decodeURIComponent(location.hash));
  const state = {
    log: hash && logs.includes(hash[1]) ? hash[1] : logs[0],
    type: '',
    target: hash && hash[2] !== undefined ? Number(hash[2]) : null,
    size: null,
  };
  if (!state.log) {
    root.append(h('p', null, 'This node holds no log yet.'));
    return;
  }
  const logSel = h('select', { id: 'log' }, logs.map((l) =>
    h('option', { value: l, selected: l === state.log }, l === node.party ? `${l} (this node's own log)` : `${l} (mirrored)`)));
  const typeSel = h('select', { id: 'type' }, h('option', { value: '' }, 'every type'),
    node.treaty.types.map((t) => h('option', { value: t }, t)));
  const status = h('p', { id: 'live', class: 'live', 'aria-live': 'polite' });
  const area = h('div', { id: 'entries' });
  root.append(h('form', { class: 'controls', onsubmit: (e) => e.preventDefault() },
    h('label', { for: 'log' }, 'Log '), logSel, ' ',
    h('label', { for: 'type' }, 'Type '), typeSel), status, area);
  const reload = async () => {
    state.size = null;
    await load(area, state, node, status, null);
  };
  logSel.addEventListener('change', () => { state.log = logSel.value; state.target = null; reload(); });
  typeSel.addEventListener('change', () => { state.type = typeSel.value; reload(); });
  await load(area, state, node, status, null);
  poll(area, state, node, status);
}

async function load(area, state, node, status, fresh) {
  const q = new URLSearchParams({ log: state.log, limit: String(PAGE) });
  if (state.type) q.set('type', state.type);
  if (state.target !== null && state.target < Number.MAX_SAFE_INTEGER) q.set('before', String(state.target + 1));
  const r = await api(`/api/log?${q}`);
  state.size = r.size;
  area.replaceChildren(entriesTable(r, fresh));
  if (r.next_before !== null) {
    area.append(h('button', { type: 'button', class: 'more', onclick: async (e) => {
      e.target.disabled = true;
      const q2 = new URLSearchParams(q);
      q2.set('before', String(r.next_before));
      const older = await api(`/api/log?${q2}`);
      e.target.replaceWith(entriesTable(older, null));
    } }, 'Older entries'));
  }
  if (state.target !== null) {
    const row = document.getElementById(`entry-${state.log}-${state.target}`);
    if (row) { row.classList.add('target'); row.scrollIntoView({ block: 'center' }); }
  }
}

function entriesTable(r, fresh) {
  const cols = [{ label: 'entry', num: true }, { label: 'time (UTC)' }, { label: 'type' }, { label: 'statement' },
    { label: 'included' }, { label: 'cosigned' }, { label: 'finding' }];
  const rows = r.entries.map((e) => {
    const x = e.entry;
    const proof = r.own && e.included
      ? h('a', { href: `/v1/proof/inclusion?index=${e.seq}&size=${r.checkpoint}`, title: 'the inclusion proof' }, ' proof')
      : null;
    return {
      header: true,
      attrs: { id: `entry-${r.log}-${e.seq}`, class: fresh && e.seq >= fresh ? 'fresh' : null,
        'data-seq': e.seq, 'data-type': x.type },
      cells: [
        { value: e.seq, text: `#${e.seq}` },
        h('span', { class: 'time' }, x.time || '–'),
        x.type || '–',
        h('span', null, h('span', { class: 'body' }, summary(x.body)),
          x.type === 'declaration' && x.body && x.body.id
            ? h('a', { href: declHref(urlId(x.body.id)), title: 'the declaration this entry records' }, ' declaration') : null),
        h('span', null, e.included ? badge(true, `in checkpoint ${r.checkpoint}`) : badge(false, 'no checkpoint yet'), proof),
        e.cosigned ? badge(true, `up to ${r.cosigned}`) : h('span', { class: 'muted' }, 'not yet'),
        e.finding ? h('span', { class: 'badge bad' }, `✗ ${e.finding}`) : h('span', { class: 'muted' }, 'none'),
      ],
    };
  });
  const what = r.type ? ` of type ${r.type}` : '';
  return table(`${r.log}'s log${what}: ${r.size} entries, newest first; a signed checkpoint covers the first ${r.checkpoint}`,
    cols, rows, { class: 'entries', 'data-log': r.log, 'data-size': r.size });
}

// A declaration's id (standard base64) as the dashboard's links write it.
function urlId(id) {
  return id.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

// A statement's body as "key=value" pairs, nested values as JSON.
function summary(body) {
  if (!body || typeof body !== 'object') return '';
  return Object.entries(body).map(([k, v]) =>
    `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ');
}

function poll(area, state, node, status) {
  let busy = false;
  setInterval(async () => {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const n = await api('/api/node');
      const log = n.logs.find((l) => l.name === state.log);
      if (log && state.size !== null && log.entries !== state.size) {
        const before = state.size;
        state.target = null;
        await load(area, state, node, status, before);
        const added = log.entries - before;
        status.textContent = `${added} new ${added === 1 ? 'entry' : 'entries'} in ${state.log}'s log (now ${log.entries}).`;
      }
    } catch (err) {
      status.textContent = `Lost contact with the node: ${err.message}`;
    } finally {
      busy = false;
    }
  }, POLL_MS);
  status.textContent = 'Watching for new entries.';
}
