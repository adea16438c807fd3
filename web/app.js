// The dashboard's entry: marks the current page in the navigation, names
// the node, and hands the page's content area to the page's module.
import { api, failure, page } from './common.js';

const pages = {
  '/': 'compliance',
  '/compliance': 'compliance',
  '/declarations': 'declarations',
  '/notifications': 'notifications',
  '/witnessing': 'witnessing',
  '/inspections': 'inspections',
  '/negotiation': 'negotiation',
  '/context': 'context',
};

async function main() {
  const name = pages[location.pathname] || 'compliance';
  for (const a of document.querySelectorAll('nav a')) {
    if (a.getAttribute('href') === `/${name}`) a.setAttribute('aria-current', 'page');
  }
  let node;
  try {
    node = await api('/api/node');
    document.getElementById('node').textContent =
      `${node.party} node · ${node.treaty.title}${node.treaty.illustrative ? ' (illustrative)' : ''}`;
  } catch (err) {
    page('accord').append(failure(err));
    return;
  }
  const mod = await import(`./${name}.js`);
  try {
    await mod.render(node);
  } catch (err) {
    document.getElementById('page').append(failure(err));
  }
  document.body.dataset.ready = 'true';
}

main();
