// The dashboard in a real browser: Debian's Chromium, driven by
// playwright-core, against a US node built by nodes.sh (US and RU
// declaring five dates, logs exchanged as bundles, two inspections). For
// every page: it loads with no console error and no request leaving the
// node, the numbers it shows equal the node's JSON API, and a screenshot
// is written. A notification appended while the notifications page is
// open appears without a reload; a forged fork shows its alarm. Also the
// operator access: no token, no data; the cookie is HttpOnly.
//
// Environment: ACCORD (the binary), SRC (the source tree), SCREENSHOTS
// (where the pictures go), CHROMIUM (default /usr/bin/chromium). Exits 77
// (skipped) when Chromium or playwright-core is missing, unless
// ACCORD_BROWSER_REQUIRED=1 (make test), where that is a failure.
import { execFileSync, spawn } from 'node:child_process';
import { request } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const accord = process.env.ACCORD;
const src = process.env.SRC;
const shots = process.env.SCREENSHOTS || join(process.cwd(), 'screenshots');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const required = process.env.ACCORD_BROWSER_REQUIRED === '1';
const TIMEOUT = 60000;

let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log(`ok - ${what}`); } else { failed++; console.log(`not ok - ${what}${detail ? `: ${detail}` : ''}`); }
}
function skip(why) {
  console.log(`${required ? 'FAIL' : 'SKIP'}: ${why}`);
  process.exit(required ? 1 : 77);
}

if (!accord || !src) { console.log('ACCORD and SRC must be set'); process.exit(1); }
if (!existsSync(chromiumPath)) skip(`no browser at ${chromiumPath} (apt-get install chromium)`);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  skip('playwright-core is not installed (npm ci)');
}

// A request with headers fetch() will not send (Host, Origin): status and headers.
function raw(base, path, headers, method) {
  return new Promise((resolve, reject) => {
    const u = new URL(path, base);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: method || 'GET', headers },
      (res) => { res.resume(); res.on('end', () => resolve(res)); });
    req.on('error', reject);
    req.end(method === 'POST' ? 'x' : undefined);
  });
}

const started = Date.now();
const tmp = mkdtempSync(join(tmpdir(), 'accord-dash-'));
const run = (...args) => execFileSync(accord, args, { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let server = null;
let browser = null;

async function main() {
  mkdirSync(shots, { recursive: true });
  execFileSync('sh', [join(src, 'tests/browser/nodes.sh'), accord, tmp], { stdio: ['ignore', 'ignore', 'inherit'] });
  const us = join(tmp, 'us');

  // the node, its dashboard on a free loopback port
  server = spawn(accord, ['-C', us, 'serve', '--listen', '127.0.0.1:0', '--dashboard', '127.0.0.1:0',
    '--timeout', '60', '--positions', join(src, 'data/negotiation/illustrative.yaml')],
  { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (b) => {
      out += b;
      const m = /^dashboard at (http:\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`accord serve exited ${code}`)));
    setTimeout(() => reject(new Error('accord serve printed no dashboard address')), TIMEOUT);
  });
  const base = new URL(url).origin;
  check(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/.test(url), 'accord serve prints the dashboard address with its token');

  // the operator access, as the browser will meet it
  const anon = await fetch(`${base}/api/compliance`);
  check(anon.status === 401, 'without the token or cookie the data is refused (401)', anon.status);
  const wrong = await fetch(`${base}/?token=${'A'.repeat(43)}`, { redirect: 'manual' });
  check(wrong.status === 403, 'a wrong token is refused (403)', wrong.status);
  const login = await fetch(url, { redirect: 'manual' });
  const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
  check(login.status === 303 && /HttpOnly/.test(login.headers.get('set-cookie')) &&
    /SameSite=Strict/.test(login.headers.get('set-cookie')) && login.headers.get('location') === '/',
  'the token gives an HttpOnly, SameSite=Strict cookie and a redirect without the token');
  const csp = login.headers.get('content-security-policy') || '';
  check(csp.includes("default-src 'self'") && !csp.includes('unsafe') && login.headers.get('x-content-type-options') === 'nosniff',
    'a strict Content-Security-Policy and nosniff on every response');
  const rebinding = await raw(base, '/api/node', { cookie, host: 'evil.example:80' });
  check(rebinding.statusCode === 421, 'a Host other than the listener\'s is refused (DNS rebinding)', rebinding.statusCode);
  const post = await raw(base, '/api/node', { cookie }, 'POST');
  check(post.statusCode === 405, 'the dashboard is read-only: POST is 405', post.statusCode);
  const api = async (path) => {
    const r = await fetch(`${base}${path}`, { headers: { cookie } });
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return r.json();
  };
  const cors = await raw(base, '/api/node', { cookie, origin: 'http://evil.example' });
  check(cors.statusCode === 200 && !cors.headers['access-control-allow-origin'], 'no CORS header for another origin');

  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: TIMEOUT,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const errors = [];
  const outside = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  // air-gapped: nothing but this node is ever asked for
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(`${base}/`)) return route.continue();
    outside.push(u);
    return route.abort();
  });

  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  check(new URL(page.url()).search === '', 'the token leaves the address bar', page.url());
  const cookies = await context.cookies();
  check(cookies.length === 1 && cookies[0].httpOnly && cookies[0].sameSite === 'Strict', 'the browser holds an HttpOnly, SameSite=Strict cookie');

  const visit = async (path, name) => {
    errors.length = 0;
    await page.goto(`${base}${path}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForLoadState('networkidle');
    const bad = await page.$('.error');
    check(bad === null, `${name}: no error shown`, bad && await bad.textContent());
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    check(errors.length === 0, `${name}: no console errors`, errors.join(' | '));
  };
  const cell = async (sel) => page.$eval(sel, (e) => e.dataset.value);

  // --- compliance
  const comp = await api('/api/compliance');
  await visit('/compliance', 'compliance');
  for (const l of comp.limits) {
    for (const [p, cur] of Object.entries(comp.current)) {
      const cells = await page.$$eval(`#margins tr[data-limit="${l.id}"] td`, (tds) => tds.map((t) => t.dataset.value));
      const parties = await page.$$eval('#margins thead th', (ths) => ths.map((t) => t.textContent));
      const i = parties.indexOf(`${p} margin`) - 1;
      const j = parties.indexOf(`${p} declared`) - 1;
      check(cells[i] === String(cur.margins[l.id]) && cells[j] === String(cur.totals[l.id]),
        `compliance: ${p}'s ${l.id} total ${cur.totals[l.id]} and margin ${cur.margins[l.id]} as the API says`, cells.join(','));
    }
  }
  const canvases = await page.$$eval('.chart-box canvas', (c) => c.length);
  check(canvases === comp.limits.length, `compliance: a uPlot chart per limit (${canvases})`);
  const legend = await page.$$eval('.chart-box .u-legend .u-series', (s) => s.map((x) => x.textContent));
  check(legend.some((t) => t.includes('official')), 'compliance: the official figures are a layer of the chart');
  const srcLinks = await page.$$eval('#margins td a', (as) => as.every((a) => a.getAttribute('href').startsWith('/declarations#decl-')));
  check(srcLinks, 'compliance: every declared figure links to its declaration');

  // keyboard: the first Tab reaches the skip link, which moves to the content
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.className);
  await page.keyboard.press('Enter');
  const after = await page.evaluate(() => document.activeElement.id);
  check(first === 'skip' && after === 'main', 'keyboard: Tab reaches the skip link first, Enter moves to the content', `${first} ${after}`);

  // a narrow screen: nothing wider than the window but inside scrolling tables
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 1, `narrow screen: the page fits 390 px (${overflow} px over)`);
  await page.screenshot({ path: join(shots, 'compliance-narrow.png'), fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });

  // --- declarations
  const decl = await api('/api/declarations');
  await visit('/declarations', 'declarations');
  const rows = await page.$$eval('#declarations tbody tr', (trs) => trs.map((t) => ({ id: t.dataset.id, verified: t.dataset.verified })));
  check(rows.length === decl.declarations.length && rows.length === 10, `declarations: all ${decl.declarations.length} listed`);
  check(rows.every((r) => r.verified === 'true') && decl.declarations.every((d) => d.verified), 'declarations: each verified, as the API says');
  const d0 = decl.declarations.find((d) => d.party === 'RU' && d.previous);
  const shown = await page.$$eval(`tr[data-id="${d0.id}"] td`, (tds) => tds.map((t) => t.dataset.value).filter((v) => v !== undefined));
  check(JSON.stringify(shown) === JSON.stringify(Object.values(d0.totals).map(String)), `declarations: RU ${d0.as_of} totals as the API says`, shown.join(','));
  await page.click(`tr[data-id="${d0.id}"] button`);
  const diff = await api(`/api/diff?from=${d0.previous}&to=${d0.id_url}`);
  await page.waitForFunction((n) => document.querySelectorAll('#diff-items tbody tr').length === n, diff.diff.changes.length);
  check(true, `declarations: the difference from the previous one (${diff.differences} items) is shown`);

  // --- notifications, and one appended while the page is open
  const log = await api('/api/log?limit=50');
  await visit('/notifications', 'notifications');
  const seqs = await page.$$eval('table.entries tbody tr', (trs) => trs.map((t) => Number(t.dataset.seq)));
  check(seqs[0] === log.size - 1 && seqs.length === log.entries.length, 'notifications: newest first, as many as the API lists');
  const incl = await page.$$eval('table.entries tbody tr td:nth-child(5)', (tds) => tds.map((t) => t.textContent));
  check(incl.every((t) => t.includes(`in checkpoint ${log.checkpoint}`)), 'notifications: each entry shows its inclusion');
  await page.evaluate(() => { window.notReloaded = true; });
  run('-C', us, 'notify', 'message', 'text=appended while the page is open');
  await page.waitForSelector(`#entry-US-${log.size}`, { timeout: TIMEOUT });
  const still = await page.evaluate(() => window.notReloaded === true);
  check(still, 'notifications: an appended notification appears without a reload');
  await page.screenshot({ path: join(shots, 'notifications-live.png'), fullPage: false });
  await page.selectOption('#log', 'RU');
  await page.waitForSelector('table.entries[data-log="RU"]');
  await page.selectOption('#type', 'declaration');
  await page.waitForFunction(() => [...document.querySelectorAll('table.entries tbody tr')].every((t) => t.dataset.type === 'declaration'));
  const ruDecl = await api('/api/log?log=RU&type=declaration');
  const ruRows = await page.$$eval('table.entries tbody tr', (t) => t.length);
  check(ruRows === ruDecl.entries.length, `notifications: RU's mirrored log filtered by type (${ruRows} declarations)`);

  // --- witnessing
  const wit = await api('/api/witnessing');
  await visit('/witnessing', 'witnessing');
  check(await page.$('#fork-alarm') === null && await page.$('#no-forks') !== null, 'witnessing: no fork, no alarm');
  const peerCells = await page.$$eval('#peers tr[data-peer="RU"] td', (tds) => tds.map((t) => t.dataset.value).filter((v) => v !== undefined));
  const rp = wit.status.peers[0];
  check(JSON.stringify(peerCells) === JSON.stringify([rp.entries, rp.checkpoint, rp.cosigned, rp.findings, rp.forks].map(String)),
    'witnessing: RU\'s mirror as the API says', peerCells.join(','));

  // --- inspections
  const insp = await api('/api/inspections');
  await visit('/inspections', 'inspections');
  const used = await page.$eval('#quota tbody tr td:nth-child(4)', (t) => t.dataset.value);
  check(used === String(insp.list.quota[0].used), 'inspections: quota use as the API says');
  const disc = await page.$$eval('.discrepancies tbody tr th', (t) => t.map((x) => x.textContent));
  check(disc.includes('RU-ICBML-HIDDEN'), 'inspections: the undeclared launcher is a discrepancy');
  const listed = await page.$$eval('#inspections tbody tr', (trs) => trs.map((t) => t.dataset.id));
  check(JSON.stringify(listed) === JSON.stringify(insp.list.inspections.map((i) => i.id)) &&
    insp.list.inspections.some((i) => !i.findings), 'inspections: every one listed, the open one too');

  // --- negotiation
  const neg = await api('/api/negotiation?positions=0');
  await visit('/negotiation', 'negotiation');
  const nash = await page.$$eval('#solutions tr[data-solution="nash"] td', (tds) => tds.map((t) => t.dataset.value).filter((v) => v !== undefined));
  check(nash.join() === [neg.analysis.solutions.nash.utility.US, neg.analysis.solutions.nash.utility.RU].map(String).join(),
    'negotiation: the Nash package\'s utilities as the API says', nash.join());
  check(await page.$('#utility-space canvas') !== null, 'negotiation: the utility space is charted');
  const ruAfter = await page.$eval('.whatif[data-party="RU"] tr[data-limit="nonstrategic_warheads"] td:last-child', (t) => t.dataset.value);
  check(ruAfter === String(neg.analysis.solutions.nash.requires.RU.limits.find((l) => l.id === 'nonstrategic_warheads').after),
    'negotiation: what the Nash package demands of RU, as the API says');

  // --- context
  const ctx = await api('/api/context');
  await visit('/context', 'context');
  for (const y of ctx.years) {
    const c = await page.$$eval(`#context-years tr[data-year="${y.year}"] td`, (tds) => tds.map((t) => t.dataset.value));
    check(c[0] === String(y.world) && c.includes(y.share_us_ru), `context: ${y.year} as the API says (${y.share_us_ru}%)`);
  }

  // --- a forged fork: an RU that rewrote its history with RU's key
  const evil = join(tmp, 'ru-evil');
  run('init', '--treaty', 'new-start', '--party', 'RU', evil);
  execFileSync('cp', [join(tmp, 'ru/keys/signing.key'), join(tmp, 'ru/keys/signing.vkey'), join(evil, 'keys/')]);
  run('-C', evil, 'key', 'add', 'US', run('-C', us, 'key', 'show').trim());
  run('-C', evil, 'peer', 'add', 'US');
  for (let i = 0; i < 9; i++) run('-C', evil, 'notify', 'message', `text=rewritten ${i}`);
  run('-C', evil, 'bundle', 'export', '--for', 'US', '--since', '0', '-o', join(tmp, 'evil.bundle'));
  let forked = false;
  try { run('-C', us, 'bundle', 'import', join(tmp, 'evil.bundle')); } catch (e) { forked = e.status === 1; }
  check(forked, 'the forged bundle is refused as a fork (exit 1)');
  const wit2 = await api('/api/witnessing');
  await visit('/witnessing', 'witnessing-fork');
  const alarm = await page.$('#fork-alarm');
  check(alarm !== null && await alarm.isVisible() && (await alarm.getAttribute('role')) === 'alert',
    'witnessing: the fork\'s alarm is shown, as an alert');
  const alarmText = alarm ? await alarm.textContent() : '';
  check(wit2.forks.length === 1 && alarmText.includes('1 fork found'), 'witnessing: the alarm counts the API\'s fork evidence');
  const box = alarm ? await alarm.boundingBox() : null;
  check(box && box.y < 300, 'witnessing: the alarm is at the top of the page', box && box.y);

  check(outside.length === 0, 'no request left the node', outside.join(' '));
}

try {
  await main();
} catch (e) {
  check(false, 'the browser test ran to its end', e.stack || String(e));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) {
    server.kill('SIGTERM');
    await new Promise((r) => { server.once('exit', r); setTimeout(r, 5000); });
  }
  if (process.env.KEEP !== '1') rmSync(tmp, { recursive: true, force: true });
}
console.log(`screenshots in ${shots}`);
console.log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
