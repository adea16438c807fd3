// Witnessing: who cosigned this node's log, and per peer the latest
// checkpoint kept, what this node cosigned, findings, and fork evidence,
// which is announced at the top of the page where it cannot be missed.
import { api, entryHref, h, num, page, section, table } from './common.js';

export async function render(node) {
  const w = await api('/api/witnessing');
  const root = page('Witnessing');
  const stopped = w.status.peers.filter((p) => p.stopped);
  if (w.forks.length || stopped.length) {
    root.append(h('div', { class: 'alarm', role: 'alert', id: 'fork-alarm' },
      h('h2', null, `⚠ Fork evidence: ${w.forks.length} ${w.forks.length === 1 ? 'fork' : 'forks'} found`),
      h('p', null, 'A peer signed two checkpoints of its log that cannot both be true: it showed different histories. Sync with it is stopped until an operator has reviewed the evidence (accord forks export ID; accord peer resume NAME).'),
      h('ul', null, w.forks.map((f) => h('li', null,
        h('a', { href: `#fork-${f.id}` }, `evidence ${f.id}`),
        `: ${f.evidence && f.evidence.origin ? f.evidence.origin : 'a log'}, ${f.kind}, found ${f.found_at}`)),
      stopped.map((p) => h('li', null, `${p.name}: ${p.stopped}`)))));
  } else {
    root.append(h('p', { class: 'calm', id: 'no-forks' }, '✓ No fork evidence: every peer\'s checkpoints are consistent with all this node kept.'));
  }
  const own = w.status;
  root.append(section(`This node's log (${own.node})`,
    h('p', null, `${num(own.log_size)} entries.`),
    table('Cosignatures received for this node\'s checkpoints', [{ label: 'witness' }, { label: 'up to size', num: true }],
      Object.entries(own.cosigned_by).map(([k, v]) => ({ header: true, cells: [k, { value: v, href: entryHref(node.party, v - 1), title: `the last entry that cosignature covers` }] })),
      { id: 'cosigned-by' }),
    w.checkpoint ? h('details', null, h('summary', null, 'The latest checkpoint, as published with its cosignatures'),
      h('pre', null, w.checkpoint)) : h('p', null, 'No checkpoint yet.')));
  const cols = [{ label: 'peer' }, { label: 'reached at' }, { label: 'entries mirrored', num: true },
    { label: 'latest consistent checkpoint', num: true }, { label: 'cosigned by this node', num: true },
    { label: 'findings', num: true }, { label: 'forks', num: true }, { label: 'sync' }];
  root.append(section('Peers', table('Each peer\'s log as this node mirrors it', cols,
    own.peers.map((p) => ({
      header: true,
      attrs: { 'data-peer': p.name, class: p.stopped ? 'stopped' : null },
      cells: [p.name, p.url || 'bundles', { value: p.entries, href: `/notifications#${p.name}` },
        { value: p.checkpoint, href: p.checkpoint ? entryHref(p.name, p.checkpoint - 1) : null },
        { value: p.cosigned }, { value: p.findings }, { value: p.forks },
        p.stopped ? h('strong', { class: 'badge bad stop' }, `✗ STOPPED: ${p.stopped}`) : h('span', { class: 'badge ok' }, '✓ consistent')],
    })), { id: 'peers' })));
  for (const p of own.peers) {
    const d = w.peers[p.name] || {};
    root.append(section(`${p.name}: checkpoint and cosignature`,
      d.checkpoint ? h('pre', null, d.checkpoint) : h('p', null, 'No checkpoint of this peer kept yet.'),
      d.cosignatures_given && d.cosignatures_given.length
        ? h('p', null, 'This node\'s cosignature of it: ', h('code', { class: 'wrap' }, d.cosignatures_given[0].line))
        : null,
      d.findings && d.findings.length
        ? table(`Findings about ${p.name}'s entries`, [{ label: 'entry', num: true }, { label: 'finding' }],
          d.findings.map((f) => ({ header: true, cells: [{ value: f.seq, text: `#${f.seq}`, href: entryHref(p.name, f.seq) }, f.message] })))
        : h('p', null, 'No findings: every mirrored entry holds under the treaty.')));
  }
  if (w.forks.length) {
    root.append(section('Fork evidence', ...w.forks.map((f) => h('article', { id: `fork-${f.id}`, class: 'evidence' },
      h('h3', null, `Evidence ${f.id}: ${f.kind}, found ${f.found_at}`),
      h('p', null, 'Anyone can check it with the peer\'s key alone: accord forks verify FILE --key KEY.'),
      ...(f.evidence && f.evidence.checkpoints ? f.evidence.checkpoints.map((c, i) =>
        h('div', null, h('h4', null, `Checkpoint ${i + 1}`), h('pre', null, c))) : [])))));
  }
}
