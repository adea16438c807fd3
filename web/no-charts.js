// Stands in for uPlot in a build made without node_modules (npm ci):
// every chart becomes a note, and the tables below it carry the numbers.
export default class NoCharts {
  constructor(opts, data, target) {
    const p = document.createElement('p');
    p.className = 'no-charts';
    p.textContent = 'Charts are not in this build (it was made without ' +
      'npm ci); the table below holds the same numbers.';
    target.append(p);
  }
  setSize() {}
  setSeries() {}
  destroy() {}
  static tzDate(d) { return d; }
}
NoCharts.paths = {};
