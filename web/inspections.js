// Inspections: quota use per kind and treaty year, every inspection's
// stage, the selection drawn from both parties' randomness, and the
// findings checked against the host's declaration.
import { api, declHref, h, page, section, table } from './common.js';

export async function render(node) {
  const r = await api('/api/inspections');
  const root = page('Inspections');
  const list = r.list;
  root.append(section('Quotas', table('Inspections used per kind and treaty year',
    [{ label: 'kind' }, { label: 'treaty year', num: true }, { label: 'from' }, { label: 'used', num: true }, { label: 'quota', num: true }],
    list.quota.map((q) => ({ header: true, attrs: { 'data-kind': q.kind, 'data-year': q.year },
      cells: [q.kind, { value: q.year }, q.from,
        { value: q.used, href: `/notifications#${node.party}`, title: 'the inspection.open entries' }, { value: q.quota }] })),
    { id: 'quota' })));
  const stage = (i) => (i.findings ? 'findings recorded' : i.revealed && i.revealed.length === 2 ? 'selection drawn'
    : i.joined ? 'host joined' : 'opened');
  const open = list.inspections.filter((i) => !i.findings);
  root.append(section('Inspections', h('p', null, `${open.length} open (no findings recorded yet), ${list.inspections.length} in all.`),
    table('Every inspection and where it stands', [{ label: 'inspection' }, { label: 'kind' }, { label: 'by' }, { label: 'at' },
      { label: 'date' }, { label: 'stage' }, { label: 'findings', num: true }],
    list.inspections.map((i) => ({ header: true, attrs: { 'data-id': i.id }, cells: [
      h('a', { href: `#insp-${i.id}` }, i.id), i.kind, i.inspecting, i.host, i.date, stage(i),
      { value: i.findings, href: `/notifications#${i.inspecting}`, title: 'the inspection.finding entries' }] })),
    { id: 'inspections' })));
  for (const i of list.inspections) {
    const plan = r.plans[i.id];
    const check = r.checks[i.id];
    const parts = [];
    if (plan && plan.site) {
      parts.push(table(`Selection of ${i.id}`, [{ label: 'what' }, { label: 'drawn' }], [
        { header: true, cells: ['site', `${plan.site}${plan.site_drawn ? ' (drawn)' : ' (named)'}`] },
        { header: true, cells: ['items', plan.items.join(', ') || 'none'] },
        { header: true, cells: ['candidates', `${plan.candidates.sites} sites, ${plan.candidates.items} items`] },
        { header: true, cells: ['seed', h('code', { class: 'wrap' }, plan.seed)] },
      ]));
    } else if (plan && plan.message) {
      parts.push(h('p', null, `No selection yet: ${plan.message}`));
    }
    if (check && check.result) {
      const disc = check.result.discrepancies || [];
      parts.push(h('p', null, `Findings checked against the host's declaration `,
        h('a', { href: declHref(check.declaration) }, check.declaration.slice(0, 10) + '…'),
        `: ${check.discrepancies} ${check.discrepancies === 1 ? 'discrepancy' : 'discrepancies'}.`));
      if (disc.length) {
        parts.push(table(`Discrepancies of ${i.id}`, [{ label: 'item' }, { label: 'kind' }, { label: 'what' }],
          disc.map((d) => ({ header: true, cells: [d.uid, d.kind, d.detail] })),
          { class: 'discrepancies' }));
      }
    } else if (check && check.message) {
      parts.push(h('p', null, `Findings not checked: ${check.message}`));
    }
    root.append(h('section', { id: `insp-${i.id}`, 'aria-label': i.id }, h('h2', null, `${i.id}: ${i.kind} by ${i.inspecting} at ${i.host}, ${i.date}`), ...parts));
  }
}
