// Context: the world's nuclear warheads by country, from public
// estimates, and the share of the two parties New START bound.
import { api, h, num, page, section, table } from './common.js';
import { bars, chart, colours } from './chart.js';

export async function render(node) {
  const r = await api('/api/context');
  const root = page('Context');
  const years = r.years;
  const last = years[years.length - 1];
  root.append(h('p', { class: 'lede' },
    `Early in ${last.year} the world held an estimated ${num(last.world)} nuclear warheads; the United States and Russia held ${last.share_us_ru}% of them. That is why a treaty between these two parties matters.`));
  // one bar a country for the latest year, and the years side by side
  const names = [...last.countries.map((c) => c.country), 'all others'];
  const values = [...last.countries.map((c) => c.warheads), last.others];
  const box = h('div', { class: 'chart-box', id: 'inventories' });
  root.append(section(`Warheads by country, early ${last.year}`, box,
    h('p', { class: 'note' }, `Source: ${last.source}. "All others" is the world's total less the two parties.`)));
  chart(box, `Warheads early ${last.year}: ${names.map((n, i) => `${n} ${values[i]}`).join(', ')}`, {
    scales: { x: { time: false, range: [-0.5, names.length - 0.5] }, y: { range: (u, min, max) => [0, max] } },
    axes: [{ values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? names[v] || '' : '')), splits: () => names.map((n, i) => i) },
      { label: 'warheads', size: 60 }],
    series: [{ label: 'country', value: (u, v) => (v == null ? '–' : names[v]) },
      { label: 'warheads', stroke: colours.blue, fill: colours.sky, paths: bars(), points: { show: false } }],
    legend: { live: true },
  }, [names.map((n, i) => i), values]);
  const cols = [{ label: 'early' }, { label: 'world', num: true }, ...last.countries.map((c) => ({ label: c.country, num: true })),
    { label: 'all others', num: true }, { label: 'US and RU share', num: true }, { label: 'source' }];
  root.append(section('By year', table('Estimated nuclear warheads, world and by party', cols,
    years.map((y) => ({ header: true, attrs: { 'data-year': y.year }, cells: [y.year, { value: y.world, title: y.source },
      ...last.countries.map((c) => { const x = y.countries.find((d) => d.country === c.country); return x ? { value: x.warheads, title: x.source } : '–'; }),
      { value: y.others }, { value: y.share_us_ru, text: `${y.share_us_ru}%` }, y.source] })),
    { id: 'context-years' })));
}
