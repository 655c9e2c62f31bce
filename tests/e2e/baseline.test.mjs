// The page's settings file (.posture.yaml) and "Use as baseline": the page checks with the
// same rule settings as CI, and compares results before and after an edit with the engine's
// fingerprints. Every test also proves the page made no network request after loading.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, paste, dropFile, screenshot, artifacts } from './harness.mjs';

const shared = sharedBrowser(before, after);

const rules = (page) => page.$$eval('li.finding[data-rule]', (l) => l.map((li) => li.dataset.rule));
const text = (page, selector) => page.textContent(selector);

async function waitForCheck(page, before) {
  await page.waitForFunction((old) => document.querySelector('#status')?.dataset.generation !== old, before);
}

/** Types a settings file into the settings text area, as a user would, and waits for the re-check. */
async function typeSettings(page, value) {
  if (!(await page.isVisible('#settings'))) await page.click('details.settings summary');
  const before = await page.getAttribute('#status', 'data-generation');
  await page.fill('#settings', '');
  await page.type('#settings', value);
  await waitForCheck(page, before);
}

test('Use as baseline, then fix one finding and add another: 1 fixed, 1 new, scores move', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  assert.equal(await page.$('#comparison'), null, 'no comparison before a baseline');
  const unchanged = (await rules(page)).length;
  await page.click('#use-baseline');
  assert.equal(await text(page, '#comparison-counts'), `0 fixed, 0 new, ${unchanged} unchanged`);
  assert.match(await text(page, '#comparison-overall'), /^Overall (\d+) → \1 \(±0\)$/);

  // Fix the privileged container: the finding selects its `true`, which is typed over.
  let before = await page.getAttribute('#status', 'data-generation');
  await page.click('li.finding[data-rule="LP102"] .finding-jump');
  await page.keyboard.type('false');
  await waitForCheck(page, before);
  // Add a problem: share the host's process namespace, on a new line after hostNetwork.
  before = await page.getAttribute('#status', 'data-generation');
  await page.$eval('#config', (t) => {
    const at = t.value.indexOf('hostNetwork: true') + 'hostNetwork: true'.length;
    t.focus();
    t.setSelectionRange(at, at);
  });
  await page.keyboard.type('\n      hostPID: true');
  await waitForCheck(page, before);

  const shown = await rules(page);
  assert.ok(!shown.includes('LP102'), 'the privileged finding is gone');
  // LP102 stood for the container's missing seccomp filter, capabilities and privilege
  // escalation too (its `implies`): now findings of their own, they were there before, so they
  // count as unchanged, not new.
  const revealed = ['DF102', 'LP105', 'LP111'].filter((r) => shown.includes(r));
  assert.ok(revealed.length > 0, shown.join(','));
  assert.equal(await text(page, '#comparison-counts'), `1 fixed, 1 new, ${shown.length - 1} unchanged`);
  assert.deepEqual(await page.$$eval('#fixed-list li', (r) => r.map((x) => x.dataset.rule)), ['LP102']);
  const added = await page.$$eval('#new-list li', (r) => r.map((x) => x.dataset.rule));
  assert.equal(added.length, 1);
  // The same finding carries the "new" badge in the findings list, and only it.
  assert.deepEqual(await page.$$eval('li.finding.new', (l) => l.map((x) => x.dataset.rule)), added);
  assert.equal(await page.textContent('li.finding.new .badge.new'), 'new');

  // The overall score and each principle and pillar before and after, with the change.
  const [, from, to, delta] = (await text(page, '#comparison-overall')).match(/^Overall (\d+) → (\d+) \(([^)]+)\)$/);
  const diff = Number(to) - Number(from);
  assert.equal(delta, diff === 0 ? '±0' : (diff > 0 ? `+${diff}` : `${diff}`));
  assert.equal(await page.isVisible('#score-changes'), false, 'the table waits behind its summary');
  await page.click('.score-changes summary');
  const table = await page.$$eval('#score-changes tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
  assert.equal(table.length, 7 + 6 + 1, 'seven principles, six pillars and overall');
  for (const [, old, now, change] of table) {
    if (old === 'n/a' || now === 'n/a') continue;
    const d = Number(now) - Number(old);
    assert.equal(change, d === 0 ? '±0' : (d > 0 ? `+${d}` : `${d}`));
  }
  assert.ok(table.some(([, , , change]) => change !== '±0'), 'some score moved');

  // Clearing the baseline removes the comparison and the badges.
  await page.click('#clear-baseline');
  assert.equal(await page.$('#comparison'), null);
  assert.equal(await page.$('li.finding.new'), null);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a score change is not claimed when a side is not graded', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await paste(page, 'apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n');
  await page.click('#use-baseline');
  const before = await page.getAttribute('#status', 'data-generation');
  await page.selectOption('#sample', 'insecure-deployment');
  await waitForCheck(page, before);
  assert.match(await text(page, '#comparison-counts'), /^0 fixed, [1-9]\d* new, 0 unchanged$/);
  assert.match(await text(page, '#comparison-overall'), /^No score change: the baseline is not graded \(.+\)\.$/);
  await page.click('.score-changes summary');
  const changes = await page.$$eval('#score-changes td.delta', (c) => c.map((x) => x.textContent));
  assert.ok(changes.every((c) => c === '–'), 'no deltas at all');
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a severity the settings file sets weighs in the scores, as in CI', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  const digest = 'sha256:' + '0'.repeat(64);
  await paste(page, `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx@${digest}\n      securityContext: {privileged: true}\n`);
  const overall = async () => Number((await text(page, '.scorecard .overall')).match(/^Overall (\d+)\/100$/)[1]);
  const critical = await overall();
  assert.ok(critical <= 39, `a critical finding caps the score: ${critical}`);
  await typeSettings(page, 'rules:\n  severity:\n    LP102: low\n');
  assert.equal(await page.textContent('li.finding[data-rule="LP102"] .badge'), 'low');
  const low = await overall();
  assert.ok(low > critical, `${critical} → ${low}`);
  await screenshot(page, 'settings-severity-score');
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a settings file that disables a rule and changes a severity applies, is remembered and can be cleared', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  assert.ok((await rules(page)).includes('LP102'));
  await typeSettings(page, 'rules:\n  disable: [privileged-container]\n  severity:\n    LP103: low\nfail-on: none\n');
  assert.ok(!(await rules(page)).includes('LP102'), 'the disabled rule has no findings');
  assert.equal(await page.textContent('li.finding[data-rule="LP103"] .badge'), 'low');
  assert.match(await text(page, '#status'), /settings file applied/);
  assert.equal(await text(page, '#settings-tag'), 'applied');
  assert.match(await text(page, '#settings-state'), /off: LP102 · LP103 as low/);
  assert.equal(await text(page, '#ci-verdict'), 'In CI (fail-on none): passes.');

  // Remembered with the input: a reload checks with it again.
  assert.deepEqual(afterLoad, []);
  await page.reload();
  await page.waitForSelector('#status');
  await page.waitForLoadState('networkidle');
  afterLoad.length = 0; // the reload's own files
  assert.match(await text(page, '#status'), /settings file applied/);
  assert.ok(!(await rules(page)).includes('LP102'));
  await page.click('details.settings summary');
  assert.match(await page.$eval('#settings', (t) => t.value), /privileged-container/);

  // Cleared: the defaults again, and nothing left to remember.
  const before = await page.getAttribute('#status', 'data-generation');
  await page.click('#clear-settings');
  await waitForCheck(page, before);
  assert.ok((await rules(page)).includes('LP102'));
  assert.equal(await text(page, '#settings-tag'), 'none');
  assert.match(await text(page, '#ci-verdict'), /^In CI \(fail-on high\): fails \(exit 1\), \d+ at high or above\.$/);
  assert.equal(await page.evaluate(() => localStorage.getItem('posture:settings')), null);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a settings file with mistakes shows them with line:col and is not applied', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await typeSettings(page, 'rules:\n  disable: [LP102, NOPE1]\npss:\n  level: strict\n');
  const errors = await page.$$eval('#settings-errors li', (l) => l.map((x) => x.textContent));
  // Backticked names are shown as code.
  assert.deepEqual(errors, [
    'line 2:20 no rule NOPE1 in rules.disable (posture rules lists them)',
    'line 4:10 pss.level must be baseline or restricted, not strict',
  ]);
  assert.equal(await page.textContent('#settings-errors li code'), 'NOPE1');
  assert.equal(await text(page, '#settings-tag'), '2 mistakes, not applied');
  // As `posture check` does with an unreadable settings file.
  assert.equal(await text(page, '#ci-verdict'), "In CI: stops on the settings file's mistakes (exit 2).");
  assert.ok((await rules(page)).includes('LP102'), 'LP102 is still checked');
  assert.match(await text(page, '#status'), /settings file not applied \(it has mistakes\)/);
  assert.equal(await page.$('#settings-state'), null);
  // Fixing the mistake applies it.
  await typeSettings(page, 'rules:\n  disable: [LP102]\n');
  assert.ok(!(await rules(page)).includes('LP102'));
  assert.equal(await page.$('#settings-errors'), null);

  // A file dropped on the panel is a settings file; the configuration stays as it was.
  const config = await page.inputValue('#config');
  await dropFile(page, '#settings', '.posture.yaml', 'rules:\n  disable: [LP103]\n');
  assert.equal(await page.inputValue('#settings'), 'rules:\n  disable: [LP103]\n');
  assert.equal(await page.inputValue('#config'), config);
  assert.ok((await rules(page)).includes('LP102') && !(await rules(page)).includes('LP103'));
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('large inputs checked in the worker get the same settings', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await typeSettings(page, 'rules:\n  disable: [LP102]\n  severity: {LP103: info}\npss: {level: baseline}\n');
  const one = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p0, namespace: n}\nspec:\n  hostNetwork: true\n  containers:\n    - name: c\n      image: nginx:1.25\n      securityContext: {privileged: true}\n';
  const big = Array.from({ length: 1500 }, (_, i) => one.replace('p0', `p${i}`)).join('---\n');
  assert.ok(big.length > 128 * 1024);
  await paste(page, big);
  assert.match(await text(page, '#status'), /1500 documents, .*settings file applied — checked in .* in the background/);
  const badges = async (id) => {
    await page.fill('#filter', id);
    return page.$$eval('li.finding[data-rule] .badge', (b) => [...new Set(b.map((x) => x.textContent))]);
  };
  const expectSettings = async () => {
    assert.deepEqual(await badges('LP102'), [], 'LP102 is disabled');
    assert.deepEqual(await badges('LP103'), ['info'], 'LP103 has its severity from the settings');
    assert.deepEqual(await badges('LP112'), [], 'running as root is restricted-only, not baseline');
  };
  await expectSettings();
  // The same pods checked on the page itself.
  await paste(page, Array.from({ length: 3 }, (_, i) => one.replace('p0', `p${i}`)).join('---\n'));
  assert.doesNotMatch(await text(page, '#status'), /in the background/);
  await expectSettings();
  // Without the settings file LP112 is there: the check above can fail.
  await page.click('#clear-settings');
  await page.waitForSelector('li.finding[data-rule="LP112"]');
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots: a comparison and a settings file, light and dark, desktop and phone', async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url, { width: w, height: h }, { colorScheme });
      await page.click('#use-baseline');
      const fixed = (await page.$eval('#config', (t) => t.value))
        .replace('privileged: true', 'privileged: false')
        .replace('hostNetwork: true', 'hostNetwork: true\n      hostPID: true');
      await paste(page, fixed);
      await typeSettings(page, 'rules:\n  disable: [NOPE1]\n');
      await page.click('.score-changes summary');
      await screenshot(page, `baseline-${colorScheme}-${w}x${h}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${artifacts}/baseline-view-${colorScheme}-${w}x${h}.png` });
      // Close-ups of the two new parts, to look at without the long findings list.
      for (const part of ['comparison', 'settings']) {
        await page.locator(part === 'comparison' ? '#comparison' : 'details.settings')
          .screenshot({ path: `${artifacts}/baseline-${part}-${colorScheme}-${w}x${h}.png` });
      }
      assert.deepEqual(afterLoad, []);
      assert.deepEqual(problems, []);
      await context.close();
    }
  }
});
