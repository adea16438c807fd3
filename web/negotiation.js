// Negotiation: a positions file's utility space as the node solved it
// (the Pareto frontier, the zone of possible agreement, the Nash,
// Kalai-Smorodinsky and egalitarian packages) and, for a chosen package,
// what it would demand of each party's holdings.
import { api, h, num, page, section, table } from './common.js';
import { chart, colours } from './chart.js';

const solutionNames = { nash: 'Nash', kalai_smorodinsky: 'Kalai–Smorodinsky', egalitarian: 'egalitarian' };

export async function render(node) {
  const root = page('Negotiation');
  if (!node.positions.length) {
    root.append(h('p', null, 'No positions file was given to this node (accord serve --dashboard ADDR --positions FILE).'));
    return;
  }
  const sel = h('select', { id: 'positions' }, node.positions.map((p) => h('option', { value: p.index }, p.file)));
  const area = h('div', { id: 'analysis' });
  root.append(h('form', { class: 'controls', onsubmit: (e) => e.preventDefault() },
    h('label', { for: 'positions' }, 'Positions file '), sel), area);
  sel.addEventListener('change', () => show(area, sel.value));
  await show(area, sel.value);
}

async function show(area, index) {
  const r = await api(`/api/negotiation?positions=${index}`);
  const a = r.analysis;
  const [p0, p1] = a.parties.map((p) => p.id);
  area.replaceChildren(
    h('p', { class: 'lede' }, `${a.title}${a.illustrative ? ' (illustrative)' : ''}, under ${a.treaty}: `,
      `${num(a.packages)} packages cross no red line; ${num(a.frontier.length)} are on the Pareto frontier, `,
      `${num(a.zone_frontier_points)} of them in the zone of possible agreement.`,
      a.agreement ? '' : ` No agreement: ${a.explanation}`));
  area.append(space(a, p0, p1));
  area.append(section('The parties', table('Weights of each issue and the utility of no agreement',
    [{ label: 'issue' }, ...a.parties.map((p) => ({ label: `${p.id} weight`, num: true }))],
    [...a.issues.map((i) => ({ header: true, cells: [`${i.id} (${i.limit})`, ...a.parties.map((p) => ({ value: p.weights[i.id], text: p.weights[i.id] }))] })),
      { header: true, cells: ['no agreement (reservation)', ...a.parties.map((p) => ({ value: p.reservation, text: p.reservation }))] }])));
  const names = Object.keys(a.solutions || {});
  if (!names.length) return;
  area.append(section('Solutions', table('The packages each solution picks, and each party\'s utility',
    [{ label: 'solution' }, ...a.issues.map((i) => ({ label: i.id })), { label: `${p0} utility`, num: true }, { label: `${p1} utility`, num: true }],
    names.map((n) => ({ header: true, attrs: { 'data-solution': n }, cells: [solutionNames[n] || n,
      ...a.issues.map((i) => a.solutions[n].levels[i.id]),
      { value: a.solutions[n].utility[p0], text: String(a.solutions[n].utility[p0]) },
      { value: a.solutions[n].utility[p1], text: String(a.solutions[n].utility[p1]) }] })), { id: 'solutions' })));
  const pick = h('select', { id: 'draft' }, names.map((n) => h('option', { value: n }, `the ${solutionNames[n] || n} package`)));
  const whatif = h('div', { id: 'whatif', 'aria-live': 'polite' });
  area.append(section('What a draft demands',
    h('form', { class: 'controls', onsubmit: (e) => e.preventDefault() },
      h('label', { for: 'draft' }, 'Draft '), pick), whatif));
  const draw = () => {
    const s = a.solutions[pick.value];
    whatif.replaceChildren(...Object.values(s.requires || {}).map((w) => requires(w, pick.value)));
  };
  pick.addEventListener('change', draw);
  draw();
}

function space(a, p0, p1) {
  // x: the first party's utility, ascending; one column per point kind
  const pts = a.frontier.map((f) => ({ x: f.utility[p0], y: f.utility[p1], zone: f.in_zone }));
  const sols = Object.entries(a.solutions || {}).map(([n, s]) => ({ n, x: s.utility[p0], y: s.utility[p1] }));
  const xs = [...new Set([...pts.map((p) => p.x), ...sols.map((s) => s.x)])].sort((x, y) => x - y);
  const col = (list, f) => xs.map((x) => { const p = list.find((q) => q.x === x && f(q)); return p ? p.y : null; });
  const data = [xs, col(pts, () => true), col(pts, (p) => p.zone)];
  const series = [{ label: `${p0} utility` },
    { label: 'Pareto frontier', stroke: colours.blue, width: 2, spanGaps: true, points: { show: true, size: 5 } },
    { label: 'zone of agreement', stroke: colours.green, width: 0, points: { show: true, size: 9, fill: colours.green } }];
  const marks = [colours.vermillion, colours.purple, colours.orange];
  sols.forEach((s, i) => {
    data.push(col([s], () => true));
    series.push({ label: solutionNames[s.n] || s.n, stroke: marks[i % marks.length], width: 0,
      points: { show: true, size: 13, width: 3, fill: '#fff' } });
  });
  const res = Object.fromEntries(a.parties.map((p) => [p.id, p.reservation]));
  data.push(xs.map(() => Number(res[p1])));
  series.push({ label: `${p1} without agreement`, stroke: colours.black, dash: [2, 3], width: 1, points: { show: false } });
  const box = h('div', { class: 'chart-box', id: 'utility-space' });
  const sec = section('Utility space', box,
    h('p', { class: 'note' }, `Each point is a package of levels, placed by the utility each party gives it (1 is best). ${p0}'s utility without agreement is ${res[p0]}, ${p1}'s ${res[p1]}: the zone of agreement is what beats both.`),
    h('details', null, h('summary', null, 'The frontier\'s points'),
      table('Pareto frontier, best for the first party first', [{ label: 'point', num: true }, { label: `${p0}`, num: true },
        { label: `${p1}`, num: true }, { label: 'in the zone' }],
      a.frontier.map((f, i) => ({ header: true, cells: [{ value: i + 1 }, { value: f.utility[p0], text: String(f.utility[p0]) },
        { value: f.utility[p1], text: String(f.utility[p1]) }, f.in_zone ? '✓ yes' : 'no'] })))));
  queueMicrotask(() => chart(box, `Utility space of ${a.title}: ${a.frontier.length} frontier points`, {
    scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
    axes: [{ label: `${p0} utility` }, { label: `${p1} utility` }],
    series,
    legend: { live: true },
  }, data));
  return sec;
}

function requires(w, name) {
  const rows = w.limits.map((l) => ({ header: true, attrs: { 'data-limit': l.id }, cells: [
    `${l.id} (${l.article})`, l.rule, l.max < 0 ? 'none' : { value: l.max }, { value: l.value },
    { value: l.margin, text: l.margin < 0 ? `${num(l.margin)} OVER` : num(l.margin) }, { value: l.after }] }));
  const plan = w.plan || { actions: [] };
  return h('div', { class: 'whatif', 'data-party': w.party },
    table(`${w.party} (holdings as of ${w.as_of}, ${num(w.items)} items) under the ${solutionNames[name] || name} package`,
      [{ label: 'limit' }, { label: 'counting rule' }, { label: 'maximum', num: true }, { label: 'now', num: true },
        { label: 'margin', num: true }, { label: 'after the plan', num: true }], rows),
    plan.actions.length
      ? h('p', null, `Plan: ${plan.actions.map((x) => `${x.action} ${num(x.count)} ${x.status} ${x.type}${x.label ? ` (${x.label})` : ''}`).join('; ')}; ${num(plan.items_changed)} items changed${plan.complete ? '' : ', and still over'}.`)
      : h('p', null, 'Nothing to change: every limit is met.'));
}
