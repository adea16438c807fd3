// Charts are uPlot's (from npm, served by the node): this module only
// passes it data and options, in one palette, at the width of the page.
import uPlot from './uPlot.esm.js';

// Okabe & Ito's palette, distinguishable with any common colour-vision
// deficiency; lines also differ by dash and point shape.
export const colours = {
  blue: '#0072B2', vermillion: '#D55E00', sky: '#56B4E9', orange: '#E69F00',
  green: '#009E73', purple: '#CC79A7', yellow: '#F0E442', black: '#000000',
};
const partyColours = [colours.blue, colours.vermillion, colours.green, colours.purple];
const lightColours = [colours.sky, colours.orange, colours.green, colours.purple];

// A party's colours by its place in the list the node gave.
export function partyColour(i) { return partyColours[i % partyColours.length]; }
export function partyLight(i) { return lightColours[i % lightColours.length]; }

// Seconds since 1970 of an ISO date (UTC), as uPlot's time scale counts.
export function isoSeconds(date) { return Date.parse(`${date}T00:00:00Z`) / 1000; }
function isoDate(seconds) { return new Date(seconds * 1000).toISOString().slice(0, 10); }

function height() { return window.innerWidth < 600 ? 220 : 300; }

// A chart in `container`, as wide as it: opts are uPlot's, data its
// columns. The container is labelled as a picture; the tables beside
// each chart carry the same numbers for those who do not see it.
export function chart(container, label, opts, data) {
  container.classList.add('chart');
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', label);
  const width = () => Math.max(container.clientWidth, 260);
  const u = new uPlot({ width: width(), height: height(), ...opts }, data, container);
  new ResizeObserver(() => u.setSize({ width: width(), height: height() }))
    .observe(container);
  return u;
}

// Options for a chart over dates (UTC, ISO on the axis).
export function timeOptions(yLabel, series) {
  return {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true } },
    axes: [
      { values: (u, splits) => splits.map(isoDate) },
      { label: yLabel, size: 60 },
    ],
    series: [{ label: 'date', value: (u, v) => (v == null ? '–' : isoDate(v)) }, ...series],
    legend: { live: true },
  };
}

export function bars() {
  return uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 80] }) : undefined;
}
