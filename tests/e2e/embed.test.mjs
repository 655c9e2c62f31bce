// Embed mode end to end, through the example host page (examples/embed-host.html) served from
// another origin: postMessage in and out, resizing, read-only embeds from a fragment link,
// and hostile or foreign messages ignored. Embeds never touch localStorage or the network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { sharedBrowser, openPage, serveDir, examples, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);
let host;
before(async () => {
  host = await serveDir(examples);
});
after(async () => host?.close());

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n      securityContext: {privileged: true}\n';

function hostUrl(frameQuery) {
  const frame = new URL(shared.server.url);
  frame.search = frameQuery;
  const parts = frameQuery.split('#');
  if (parts[1]) {
    frame.search = parts[0];
    frame.hash = parts[1];
  }
  return `${host.url}embed-host.html?frame=${encodeURIComponent(frame.href)}`;
}

async function openHost(query) {
  const s = await openPage(shared.browser, hostUrl(query), { width: 1000, height: 800 }, { ready: 'iframe' });
  const frame = await (await s.page.waitForSelector('iframe')).contentFrame();
  await frame.waitForSelector('#status');
  return { ...s, frame };
}

async function received(page, type) {
  return page.evaluate((t) => window.received.filter((m) => m?.type === t), type);
}

async function noStorage(frame) {
  assert.equal(await frame.evaluate(() => localStorage.length), 0, 'the embed wrote nothing to localStorage');
}

test('the host sends a config, gets results with the JSON export fields, and fits the frame', async () => {
  const s = await openHost(`embed&origin=${encodeURIComponent(host.url.slice(0, -1))}`);
  await s.page.waitForFunction(() => window.received.some((m) => m.type === 'posture:ready'));
  assert.equal(await s.frame.$('header.top'), null, 'no full header in the embed');
  assert.ok(await s.frame.$('.embed-bar #privacy'));
  await s.page.click('#check');
  await s.page.waitForFunction(() => window.received.some((m) => m.type === 'posture:result' && m.summary.findings > 0));
  const [result] = (await received(s.page, 'posture:result')).filter((m) => m.summary.findings > 0);
  assert.equal(result.summary.file, 'docs-example.yaml');
  assert.equal(result.summary.grade, 'F', 'a critical finding always means F');
  assert.ok(result.summary.critical >= 1);
  const lp102 = result.findings.find((f) => f.rule_id === 'LP102');
  assert.ok(lp102, 'the privileged container is reported');
  for (const field of ['rule_id', 'rule_slug', 'severity', 'title', 'message', 'file', 'span', 'resource', 'container', 'evidence', 'context', 'suppressed']) {
    assert.ok(field in lp102, `findings carry ${field}, like the JSON export`);
  }
  assert.equal(lp102.span.start.line, 12);
  assert.match(await s.page.textContent('#summary'), /Grade F/);

  // The frame reported its height and the host applied it.
  await s.page.waitForFunction(() => window.received.some((m) => m.type === 'posture:resize' && m.height > 400));
  const height = await s.page.$eval('iframe', (f) => f.getBoundingClientRect().height);
  assert.ok(height > 400, `frame grew to ${height}px`);
  await screenshot(s.page, 'embed-host');

  // "Open in Posture" opens the full page with the same config.
  const [popup] = await Promise.all([s.context.waitForEvent('page'), s.frame.click('#open-full')]);
  await popup.waitForSelector('#status');
  assert.match(popup.url(), /#s=1\./);
  assert.ok((await popup.$eval('#config', (t) => t.value)).includes('nginx:latest'));
  await noStorage(s.frame);
  assert.deepEqual(s.afterLoad.filter((u) => !u.includes('#s=1.')), [], 'only the opened full page loaded');
  assert.deepEqual(s.problems, []);
  await s.context.close();
});

test('a read-only embed opens a config from its fragment and posts its results', async () => {
  const text = `kind\tconfig\ncatalogue\tx\nname\tfrom-link.yaml\nredacted\t0\ntext\t${POD.replaceAll('\n', '\\n')}\n`;
  const fragment = `s=1.${deflateRawSync(Buffer.from(text)).toString('base64url')}`;
  const s = await openHost(`embed&mode=readonly&theme=dark&origin=${encodeURIComponent(host.url.slice(0, -1))}#${fragment}`);
  assert.equal(await s.frame.$eval('#config', (t) => t.readOnly), true);
  assert.equal(await s.frame.$eval('#config', (t) => t.value), POD);
  assert.equal(await s.frame.$('#sample'), null, 'no sample picker in a read-only embed');
  assert.equal(await s.frame.$('#share-banner'), null, 'a fragment config in an embed is not a "shared view"');
  assert.equal(await s.frame.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await s.page.waitForFunction(() => window.received.some((m) => m.type === 'posture:result'));
  const [result] = await received(s.page, 'posture:result');
  assert.equal(result.summary.file, 'from-link.yaml');
  assert.ok(result.findings.some((f) => f.rule_id === 'LP102'));
  await screenshot(s.page, 'embed-readonly-dark');
  await noStorage(s.frame);
  assert.deepEqual(s.afterLoad, []);
  assert.deepEqual(s.problems, []);
  await s.context.close();
});

test('a principle filter limits the rules the embed checks with', async () => {
  const s = await openHost('embed&principles=SH');
  await s.page.click('#check');
  await s.frame.waitForFunction(() => document.querySelector('#config').value.includes('nginx'));
  await s.frame.waitForSelector('#embed-selection');
  const rules = await s.frame.$$eval('li.finding[data-rule]', (l) => l.map((x) => x.dataset.rule));
  assert.ok(rules.every((r) => r.startsWith('SH')), rules.join(','));
  assert.deepEqual(s.afterLoad, []);
  await s.context.close();
});

test('malformed messages, foreign origins and unknown types are ignored', async () => {
  // The frame accepts only an origin that is not the host's: the host's config is dropped.
  const foreign = await openHost('embed&origin=https://docs.example.invalid');
  assert.deepEqual(await received(foreign.page, 'posture:ready'), [], '"ready" goes only to the named origin');
  await foreign.page.evaluate(() => {
    document.querySelector('iframe').contentWindow.postMessage({ type: 'posture:check', config: 'a: 1' }, '*');
  });
  await foreign.page.waitForTimeout(600);
  assert.equal(await foreign.frame.$eval('#config', (t) => t.value), '');
  assert.deepEqual(await received(foreign.page, 'posture:result'), [], 'no results go to a foreign origin');
  await foreign.context.close();

  // No origin= given: the host may talk, but only well-formed checks are taken.
  const s = await openHost('embed');
  const generation = await s.frame.getAttribute('#status', 'data-generation');
  await s.page.evaluate(() => {
    const w = document.querySelector('iframe').contentWindow;
    const junk = [
      null, 42, 'posture:check', [], { type: 'posture:unknown', config: 'a: 1' }, { type: 'posture:check' },
      { type: 'posture:check', config: 42 }, { type: 'posture:check', config: { a: 1 } },
      { type: 'posture:check', config: 'a\u0000b' }, { type: ['posture:check'], config: 'a: 1' },
      { type: 'posture:check', config: 'x'.repeat(17 * 1024 * 1024) },
    ];
    for (const m of junk) w.postMessage(m, '*');
  });
  await s.page.waitForTimeout(800);
  assert.equal(await s.frame.getAttribute('#status', 'data-generation'), generation, 'nothing was checked');
  assert.deepEqual(await received(s.page, 'posture:result'), [], 'nothing was posted back');
  // A well-formed check still works afterwards, and its results go back to the sender.
  await s.page.click('#check');
  await s.page.waitForFunction(() => window.received.some((m) => m.type === 'posture:result'));
  await noStorage(s.frame);
  assert.deepEqual(s.afterLoad, []);
  assert.deepEqual(s.problems, []);
  await s.context.close();
});
