// Compliance: each limit's declared totals over time against its maximum,
// for every party whose declarations this node holds, with the official
// New START figures as a reference layer; the current margins.
import { api, declHref, h, num, page, section, table } from './common.js';
import { chart, colours, isoSeconds, partyColour, partyLight, timeOptions } from './chart.js';

export async function render(node) {
  const c = await api('/api/compliance');
  const root = page('Compliance');
  // this node's party first, then the others as the node lists them
  const parties = Object.keys(c.series).sort((a, b) => (b === c.party) - (a === c.party));
  const official = c.official;
  root.append(h('p', { class: 'lede' },
    `Declared totals under ${c.treaty}, limit by limit, from ${parties.length ? parties.join(' and ') : 'no'} declarations held by this node` +
    (official ? ', against the official New START aggregate figures.' : '.')));
  if (!parties.length) {
    root.append(h('p', null, 'No declaration yet: accord declare makes one; accord verify --keep keeps the other party\'s.'));
  }
  root.append(margins(c, parties));
  let toggle = null;
  if (official) {
    toggle = h('input', { type: 'checkbox', id: 'official', checked: true });
    root.append(h('p', { class: 'control' }, toggle,
      h('label', { for: 'official' }, ` Show the official figures (${official.source})`)));
  }
  const charts = [];
  for (const limit of c.limits) charts.push(limitSection(root, c, limit, parties));
  if (toggle) {
    toggle.addEventListener('change', () => {
      for (const { u, officialSeries } of charts) {
        for (const i of officialSeries) u.setSeries(i, { show: toggle.checked });
      }
    });
  }
}

function margins(c, parties) {
  const cols = [{ label: 'limit' }, { label: 'maximum', num: true }];
  for (const p of parties) {
    cols.push({ label: `${p} declared`, num: true }, { label: `${p} margin`, num: true });
  }
  const rows = c.limits.map((l) => {
    const cells = [`${l.name} (${l.article})`, { value: l.max }];
    for (const p of parties) {
      const cur = c.current[p];
      const title = `${p} declaration of ${cur.as_of}`;
      cells.push({ value: cur.totals[l.id], href: declHref(cur.id_url), title });
      const m = cur.margins[l.id];
      cells.push(m === undefined ? '–' : { value: m, text: m < 0 ? `${num(m)} OVER` : num(m),
        href: declHref(cur.id_url), title });
    }
    return { header: true, cells, attrs: { 'data-limit': l.id } };
  });
  const asOf = parties.map((p) => `${p} as of ${c.current[p].as_of}`).join(', ');
  return section('Current margins',
    table(`Latest declarations (${asOf || 'none'}): maximum minus declared total`, cols, rows,
      { id: 'margins' }));
}

function limitSection(root, c, limit, parties) {
  const official = c.official && c.official.limits.includes(limit.id) ? c.official : null;
  const dates = new Set();
  for (const p of parties) for (const pt of c.series[p]) dates.add(pt.as_of);
  if (official) for (const r of official.rows) if (r.totals[limit.id] !== undefined) dates.add(r.as_of);
  const xs = [...dates].sort();
  const data = [xs.map(isoSeconds)];
  const series = [];
  const officialSeries = [];
  const at = (rows, party, key) => {
    const m = new Map(rows.filter((r) => r.party === party).map((r) => [r.as_of, r]));
    return xs.map((d) => (m.has(d) && m.get(d).totals[limit.id] !== undefined ? m.get(d).totals[limit.id] : null));
  };
  parties.forEach((p, i) => {
    data.push(at(c.series[p], p));
    series.push({ label: `${p} declared`, stroke: partyColour(i), width: 2,
      points: { show: true, size: 7 }, spanGaps: true });
  });
  if (official) {
    const offParties = [...new Set(official.rows.map((r) => r.party))];
    offParties.forEach((p) => {
      const i = parties.indexOf(p) >= 0 ? parties.indexOf(p) : parties.length;
      data.push(at(official.rows, p));
      series.push({ label: `${p} official`, stroke: partyLight(i), width: 2, dash: [6, 4],
        points: { show: true, size: 5, fill: '#fff' }, spanGaps: true });
      officialSeries.push(series.length);
    });
  }
  data.push(xs.map(() => limit.max));
  series.push({ label: 'maximum', stroke: colours.black, width: 1.5, dash: [2, 3], points: { show: false } });
  const box = h('div', { class: 'chart-box', 'data-limit': limit.id });
  const rows = xs.map((d) => {
    const cells = [d];
    for (const p of parties) {
      const pt = c.series[p].find((x) => x.as_of === d);
      cells.push(pt ? { value: pt.totals[limit.id], href: declHref(pt.id_url),
        title: `${p} declaration ${pt.id}` } : '–');
    }
    if (official) {
      for (const p of [...new Set(official.rows.map((r) => r.party))]) {
        const r = official.rows.find((x) => x.party === p && x.as_of === d);
        cells.push(r && r.totals[limit.id] !== undefined ? { value: r.totals[limit.id], title: official.source } : '–');
      }
    }
    return { header: true, cells };
  });
  const cols = [{ label: 'as of' }, ...parties.map((p) => ({ label: `${p} declared`, num: true }))];
  if (official) for (const p of [...new Set(official.rows.map((r) => r.party))]) cols.push({ label: `${p} official`, num: true });
  const details = h('details', null, h('summary', null, `The numbers of ${limit.name}`),
    table(`${limit.name}: declared and official totals by date (maximum ${num(limit.max)})`, cols, rows));
  root.append(section(`${limit.name} — maximum ${num(limit.max)} (${limit.article})`,
    limit.applies_from ? h('p', { class: 'note' }, `The maximum binds from ${limit.applies_from}.`) : null,
    box, details));
  const u = chart(box, `${limit.name}: declared totals by date against the maximum of ${limit.max}`,
    timeOptions('total', series), data);
  return { u, officialSeries };
}
