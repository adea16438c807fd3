// Declarations: this node's own and those received from the other
// parties, each with its signature check, totals, the log entry that
// records it, and the item-level difference from the one before.
import { api, badge, declHref, entryHref, failure, h, page, section, shortId, table } from './common.js';

export async function render(node) {
  const d = await api('/api/declarations');
  const root = page('Declarations');
  const limits = node.treaty.limits;
  root.append(h('p', { class: 'lede' },
    'Each declaration is checked here against the key this node trusts for its party: the signature, the treaty, and in full mode the whole tree and its totals.'));
  const cols = [{ label: 'declaration' }, { label: 'party' }, { label: 'as of' }, { label: 'mode' },
    { label: 'signature' }, { label: 'logged' },
    ...limits.map((l) => ({ label: l.id, num: true })), { label: 'difference' }];
  const diffArea = h('div', { id: 'diff', 'aria-live': 'polite', tabindex: '-1' });
  const rows = d.declarations.map((x) => ({
    header: true,
    attrs: { id: `decl-${x.id_url}`, 'data-id': x.id, 'data-verified': String(x.verified) },
    cells: [
      h('code', { title: x.id }, shortId(x.id)),
      x.party,
      x.as_of || '–',
      `${x.mode || '–'}${x.superseded ? ' (superseded)' : ''}`,
      x.verified ? badge(true, 'verified') : h('span', null, badge(false, 'not verified'),
        h('br'), h('small', null, x.problem ? x.problem.message : '')),
      x.log ? h('a', { href: entryHref(x.log.name, x.log.seq) }, `${x.log.name} #${x.log.seq}`)
        : h('span', { class: 'warn' }, 'not in a log held here'),
      ...limits.map((l) => (x.totals && x.totals[l.id] !== undefined
        ? { value: x.totals[l.id], href: declHref(x.id_url), title: x.id } : '–')),
      x.previous ? h('button', { type: 'button', onclick: () => showDiff(diffArea, x.previous, x.id_url, true) },
        'show') : (x.mode === 'escrow' ? 'escrow: items sealed' : 'first'),
    ],
  }));
  root.append(section('All declarations', table('Declarations held by this node, by party and date', cols, rows,
    { id: 'declarations' })));
  if (d.not_received.length) {
    root.append(section('Logged, but no package held',
      h('p', null, 'These declarations are in a peer\'s log, but their packages have not been received (accord verify --keep FILE keeps one).'),
      table('Declaration entries without a package', [{ label: 'declaration' }, { label: 'logged' }],
        d.not_received.map((x) => ({ header: true, cells: [h('code', { title: x.id }, shortId(x.id)),
          h('a', { href: entryHref(x.log.log, x.log.seq) }, `${x.log.log} #${x.log.seq} (${x.log.time})`)] })))));
  }
  root.append(section('Difference from the previous declaration', diffArea));
  const m = /^#decl-(.+)$/.exec(location.hash);
  const chosen = d.declarations.find((x) => m && x.id_url === m[1]) || [...d.declarations].reverse().find((x) => x.previous);
  if (chosen && chosen.previous) await showDiff(diffArea, chosen.previous, chosen.id_url);
  else diffArea.append(h('p', null, 'Two full declarations of a party are needed for a difference.'));
}

async function showDiff(area, from, to, focus) {
  area.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  let r;
  try {
    r = await api(`/api/diff?from=${from}&to=${to}`);
  } catch (err) {
    area.replaceChildren(failure(err));
    return;
  }
  const fromUrl = from;
  const toUrl = to;
  const totals = Object.entries(r.diff.totals).map(([id, t]) => ({
    header: true,
    cells: [id, { value: t.from, href: declHref(fromUrl) }, { value: t.to, href: declHref(toUrl) },
      { value: t.change, text: t.change > 0 ? `+${t.change}` : String(t.change) }],
  }));
  const changes = r.diff.changes.map((c) => ({ header: true, cells: [c.uid, c.change, c.from, c.to] }));
  area.replaceChildren(
    h('p', null, `${r.diff.party}: from the declaration of ${r.diff.from} (`,
      h('a', { href: declHref(fromUrl) }, shortId(r.from)), `) to that of ${r.diff.to} (`,
      h('a', { href: declHref(toUrl) }, shortId(r.to)), `): ${r.differences} item differences.`),
    table('Totals, from and to', [{ label: 'limit' }, { label: 'from', num: true }, { label: 'to', num: true },
      { label: 'change', num: true }], totals, { id: 'diff-totals' }),
    h('details', { open: changes.length <= 40 },
      h('summary', null, `The ${changes.length} item differences`),
      table('Item differences', [{ label: 'item' }, { label: 'change' }, { label: 'from' }, { label: 'to' }],
        changes, { id: 'diff-items' })));
  if (focus) area.focus();
}
