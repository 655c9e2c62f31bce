// End-to-end flows of the checker page on the release build. Every test also proves the page
// made no network request after loading its own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sharedBrowser, openPage, paste, dropFile, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

async function rules(page) {
  return page.$$eval('li.finding[data-rule]', (items) => items.map((li) => li.dataset.rule));
}

async function waitForCheck(page, before) {
  await page.waitForFunction((old) => document.querySelector('#status')?.dataset.generation !== old, before);
}

test('each sample loads and is checked; the hardened one has nothing above low', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  for (const id of ['insecure-deployment', 'rbac', 'palette-profile', 'pxk-values', 'pxke-values', 'k3s-values', 'vmo-template', 'edge-user-data', 'hardened-app']) {
    const before = await page.getAttribute('#status', 'data-generation');
    await page.selectOption('#sample', id);
    await waitForCheck(page, before);
    const shown = await rules(page);
    if (id === 'hardened-app') {
      const serious = await page.$$eval('li.finding .badge', (b) =>
        b.map((x) => x.textContent).filter((t) => ['critical', 'high', 'medium'].includes(t)));
      assert.deepEqual(serious, [], 'hardened sample has no medium or above');
    } else {
      assert.ok(shown.length > 0, `${id} shows findings`);
    }
    if (id === 'rbac') assert.ok(shown.includes('LP202'));
    if (id === 'palette-profile') assert.ok(shown.includes('LP102'), 'manifest inside a pack is checked');
    if (id === 'pxk-values') assert.ok(shown.includes('LP301'), 'control-plane flags are checked');
    if (id === 'edge-user-data') assert.ok(shown.includes('SH107'), 'edge user-data is checked');
  }
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('clicking a finding selects its text in the editor; arrow keys move between findings', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await page.click('li.finding[data-rule="LP102"] .finding-jump');
  const selected = await page.$eval('#config', (t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selected, 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'config');

  await page.focus('#findings .finding-jump');
  const first = await page.evaluate(() => document.activeElement.closest('li').dataset.rule);
  await page.keyboard.press('ArrowDown');
  const second = await page.evaluate(() => document.activeElement.closest('li').dataset.rule);
  assert.notEqual(first, undefined);
  assert.notEqual(second, undefined);
  assert.notEqual(await page.evaluate(() => document.activeElement.textContent), '');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'config');
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('grouping, severity chips and the text filter narrow the list', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  const all = (await rules(page)).length;
  await page.selectOption('#group-by', 'Severity');
  const headings = await page.$$eval('.group h3', (h) => h.map((x) => x.firstChild.textContent));
  assert.equal(headings[0], 'critical');
  await page.click('.chip.sev-low');
  const withoutLow = (await rules(page)).length;
  assert.ok(withoutLow < all);
  await page.fill('#filter', 'LP102');
  assert.deepEqual(await rules(page), ['LP102']);
  await page.fill('#filter', 'no-such-thing');
  assert.match(await page.textContent('.findings-panel'), /No finding matches the filters/);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Markdown export is built in the page (JSON and SARIF are the CLI\'s)', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url, undefined, { acceptDownloads: true });
  for (const [button, name, check] of [
    ['#export-markdown', 'posture.md', (t) => t.startsWith('## Posture security check')],
  ]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    assert.equal(download.suggestedFilename(), name);
    const text = await readFile(await download.path(), 'utf8');
    assert.ok(check(text), `${name} content`);
    assert.ok(!text.includes('correct-horse-battery'), `${name} masks the secret`);
  }
  assert.equal(await page.$('#export-json'), null);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('rule catalogue filters and links to rule pages', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, `${shared.server.url}#/rules`, undefined, { ready: '.catalogue' });
  const total = await page.$$eval('.rules-table tbody tr', (r) => r.length);
  assert.ok(total >= 60, `${total} rules`);
  await page.selectOption('#rule-principle', 'LP');
  // Filters hide the rows that do not match, and the heading counts the rest.
  const lp = await page.$$eval('.rules-table tbody tr:not([hidden])', (r) => r.map((x) => x.dataset.rule));
  assert.ok(lp.length > 0 && lp.length < total && lp.every((id) => id.startsWith('LP')));
  assert.equal(await page.textContent('#catalogue-title'), `Rules (${lp.length} of ${total})`);
  await page.click('a[href="#/rules/LP102"]');
  await page.waitForSelector('.rule-page');
  assert.match(await page.textContent('#rule-title'), /LP102/);
  assert.match(await page.textContent('.rule-page'), /CIS Kubernetes Benchmark 5\.2\.2/);
  await page.goto(`${shared.server.url}#/rules/NOPE1`);
  assert.match(await page.textContent('.rule-page'), /No such rule/);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('theme toggle and remembered input persist; forgetting clears storage', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await page.click('button.theme');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
  await page.click('button.theme');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await paste(page, 'apiVersion: v1\nkind: Pod\nmetadata: {name: kept}\nspec:\n  containers: [{name: a}]\n');
  await page.reload();
  await page.waitForSelector('#status');
  assert.match(await page.inputValue('#config'), /name: kept/);
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.uncheck('#remember');
  assert.equal(await page.evaluate(() => localStorage.getItem('posture:last-input')), null);
  await page.reload();
  await page.waitForSelector('#status');
  assert.doesNotMatch(await page.inputValue('#config'), /name: kept/);
  assert.deepEqual(afterLoad.filter((u) => !u.startsWith(shared.server.url)), [], 'reloads fetch only own files');
  assert.deepEqual(problems, []);
  await context.close();
});

test('opening local files: YAML and UTF-16 are checked; binary, non-UTF-8 and huge files get a clear message', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'posture-'));
  const yaml = join(dir, 'pod.yaml');
  const binary = join(dir, 'image.bin');
  await writeFile(yaml, 'apiVersion: v1\nkind: Pod\nmetadata: {name: from-file}\nspec:\n  hostIPC: true\n  containers: [{name: a}]\n');
  await writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  const before = await page.getAttribute('#status', 'data-generation');
  await page.setInputFiles('#open-file', yaml);
  await waitForCheck(page, before);
  assert.ok((await rules(page)).includes('LP103'));
  await page.setInputFiles('#open-file', binary);
  await page.waitForSelector('.notice');
  assert.match(await page.textContent('.notice'), /binary file/);
  assert.match(await page.inputValue('#config'), /from-file/, 'the previous text is kept');
  // UTF-16 with a byte-order mark (Windows editors save that) is decoded; Latin-1 is named.
  const utf16 = join(dir, 'pod-utf16.yaml');
  const text16 = 'apiVersion: v1\nkind: Pod\nmetadata: {name: wide-é}\nspec:\n  hostPID: true\n  containers: [{name: a}]\n';
  await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text16, 'utf16le')]));
  const before16 = await page.getAttribute('#status', 'data-generation');
  await page.setInputFiles('#open-file', utf16);
  await waitForCheck(page, before16);
  assert.equal(await page.inputValue('#config'), text16);
  assert.ok((await rules(page)).includes('LP103'));
  const latin1 = join(dir, 'latin1.yaml');
  await writeFile(latin1, Buffer.from('kind: Pod # caf\xe9\n', 'latin1'));
  await page.setInputFiles('#open-file', latin1);
  await page.waitForFunction(() => /not valid UTF-8/.test(document.querySelector('.notice')?.textContent ?? ''));
  assert.match(await page.textContent('.notice'), /latin1\.yaml is not valid UTF-8 text \(invalid byte at offset 15\)/);
  assert.equal(await page.inputValue('#config'), text16, 'the previous text is kept');
  // Dropping a file on the editor reads it the same way.
  await dropFile(page, '.editor', 'dropped.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: dropped}\nspec:\n  hostNetwork: true\n  containers: [{name: a}]\n');
  assert.match(await page.inputValue('#config'), /name: dropped/);
  assert.ok((await rules(page)).includes('LP103'));
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('accessibility: axe-core finds no serious or critical violation', async () => {
  const axe = await readFile(resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');
  const shareDialog = async (page) => {
    await page.click('#share');
    await page.check('#share-config');
    await page.click('#share-redact');
    await page.waitForSelector('#share-link');
  };
  const sharedResults = async (page) => {
    await page.click('#share');
    const link = await page.$eval('#share-link', (t) => t.value);
    await page.goto(link);
    await page.reload();
    await page.waitForSelector('#share-banner');
  };
  const views = [
    ['', '#status'], ['#/rules', '.catalogue'], ['#/rules/SH101', '.rule-page'],
    ['?embed', '#status'], ['#s=1.broken*link', '#share-banner'],
    ['', '#status', shareDialog], ['', '#status', sharedResults],
  ];
  for (const [hash, ready, prepare] of views) {
    for (const colorScheme of ['light', 'dark']) {
      const { context, page } = await openPage(shared.browser, `${shared.server.url}${hash}`, undefined, { ready, colorScheme });
      if (prepare) await prepare(page);
      // axe is evaluated through the debugging protocol, which the page's CSP does not govern.
      await page.evaluate(axe);
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
          .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      assert.deepEqual(result, [], `${hash || 'checker'} ${prepare?.name ?? ''} (${colorScheme})`);
      await context.close();
    }
  }
});

test('the print stylesheet shows the report without the editor', async () => {
  const { context, page } = await openPage(shared.browser, shared.server.url);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.editor'), false);
  assert.equal(await page.isVisible('.exports'), false);
  assert.equal(await page.isVisible('.scorecard'), true);
  assert.equal(await page.isVisible('li.finding'), true);
  await screenshot(page, 'print-1280x800');
  await context.close();
});

test('screenshots in light and dark at desktop and phone sizes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url, { width: w, height: h }, { colorScheme });
      await screenshot(page, `checker-${colorScheme}-${w}x${h}`);
      assert.deepEqual(afterLoad, []);
      assert.deepEqual(problems, []);
      await context.close();
    }
  }
});

test('the Pod Security version setting re-checks pods against that policy version', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  // Allowed by baseline from v1.37 on, not before.
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\nspec:\n  securityContext:\n    sysctls:\n      - {name: net.ipv4.tcp_slow_start_after_idle, value: "0"}\n  containers:\n    - name: c\n      image: nginx:1.25\n';
  await paste(page, pod);
  assert.ok(!(await rules(page)).includes('LP109'), 'latest allows the sysctl');
  let before = await page.getAttribute('#status', 'data-generation');
  await page.selectOption('#pss-version', 'v1.36');
  await waitForCheck(page, before);
  assert.ok((await rules(page)).includes('LP109'), 'v1.36 does not');
  const message = await page.textContent('li.finding[data-rule="LP109"]');
  assert.match(message, /v1\.36/, 'the finding names the policy version');
  before = await page.getAttribute('#status', 'data-generation');
  await page.selectOption('#pss-version', 'latest');
  await waitForCheck(page, before);
  assert.ok(!(await rules(page)).includes('LP109'));
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('unreadable input is named at the top with no grade, and the worst finding is on the first screen', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  // A one-space indentation slip: the document cannot be read.
  await paste(page, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n template:\n  spec:\n    containers:\n   - name: a\n     image: nginx\n     securityContext: {privileged: true}\n');
  assert.match(await page.textContent('#status'), /not graded/);
  assert.match(await page.textContent('#top-errors'), /could not be read/);
  await page.click('#top-errors .top-item');
  const line = await page.$eval('#config', (t) => t.value.slice(0, t.selectionStart).split('\n').length);
  assert.equal(line, Number(await page.getAttribute('#top-errors li', 'data-line')));
  assert.equal(await page.getAttribute('#grade', 'class'), 'grade grade-none');

  // Readable again: the critical finding leads the summary, above the fold on a desktop.
  await paste(page, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx\n      resources: {}\n      securityContext: {privileged: true}\n');
  assert.equal(await page.$('#top-errors'), null);
  const first = await page.$eval('#top-findings li', (li) => li.textContent);
  assert.match(first, /critical.*LP102/);
  const box = await page.$eval('#top-findings', (e) => e.getBoundingClientRect().bottom);
  assert.ok(box < 800, `the summary ends at ${box}px, inside the first screen`);
  // Findings are grouped by severity by default, critical first.
  assert.equal(await page.$eval('#group-by', (s) => s.value), 'Severity');
  assert.equal((await rules(page))[0], 'LP102');
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the rule catalogue filters by text, principle and severity, starting from All', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, `${shared.server.url}#/rules`, undefined, { ready: '#rule-search' });
  assert.equal(await page.$eval('#rule-principle', (s) => s.value), '');
  assert.equal(await page.$eval('#rule-severity', (s) => s.value), '');
  const all = await page.$$eval('tr[data-rule]', (r) => r.length);
  await page.fill('#rule-search', 'hostPath');
  const found = await page.$$eval('tr[data-rule]:not([hidden])', (r) => r.map((x) => x.dataset.rule));
  assert.ok(found.includes('LP107') && found.length < all, found.join(','));
  await page.fill('#rule-search', '');
  await page.selectOption('#rule-severity', 'info');
  const info = await page.$$eval('tr[data-rule]:not([hidden]) .badge', (b) => b.map((x) => x.textContent));
  assert.ok(info.length > 0 && info.every((t) => t === 'info'), info.join(','));
  // Both filters at once: Continuous Improvement's info rules only (maybe none).
  await page.selectOption('#rule-principle', 'CI');
  const both = await page.$$eval('tr[data-rule]:not([hidden])', (r) => r.map((x) => x.dataset.rule));
  assert.ok(both.every((id) => id.startsWith('CI')), both.join(','));
  await page.selectOption('#rule-severity', '');
  const ci = await page.$$eval('tr[data-rule]:not([hidden])', (r) => r.map((x) => x.dataset.rule));
  assert.ok(ci.length > both.length && ci.every((id) => id.startsWith('CI')), ci.join(','));
  assert.equal(await page.textContent('#catalogue-title'), `Rules (${ci.length} of ${all})`);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a real clipboard paste over a selection replaces the text, and results show as stale until checked', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const one = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p0}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.25\n      securityContext: {privileged: true}\n';
  const big = Array.from({ length: 9000 }, (_, i) => one.replace('p0', `p${i}`)).join('---\n');
  assert.ok(big.length > 1000 * 1000, 'about 1 MB');
  await page.evaluate((t) => navigator.clipboard.writeText(t), big);
  const before = await page.getAttribute('#status', 'data-generation');
  await page.focus('#config');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  // Until the new text is checked, the page says its results are the previous text's.
  await page.waitForSelector('#checking');
  assert.ok(await page.$('section.results.stale'));
  await page.waitForFunction((old) => document.querySelector('#status')?.dataset.generation !== old, before);
  assert.equal(await page.$('#checking'), null);
  // A text this large is shown in the read-only view (see large.test.mjs), not the text area.
  assert.equal(await page.getAttribute('#config-view', 'data-bytes'), String(Buffer.byteLength(big)), 'the whole selection was replaced');
  assert.ok(await page.$eval('#config', (t) => t.hidden));
  assert.match(await page.textContent('#status'), /^9000 documents, 9000 resources/);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('copying a fix puts it on the clipboard and says so', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const item = await page.waitForSelector('li.finding[data-rule="LP102"]');
  await (await item.$('details.explain summary')).click();
  const button = await item.$('button.copy');
  assert.equal((await button.textContent()).trim(), 'Copy');
  await button.click();
  await page.waitForFunction((b) => b.textContent.trim() === 'Copied', button);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await item.$eval('.snippet code', (c) => c.textContent));
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a finding inside a JSON string of a Palette export selects the exact text in the editor', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  const before = await page.getAttribute('#status', 'data-generation');
  await page.selectOption('#sample', 'palette-profile');
  await waitForCheck(page, before);
  await page.click('li.finding[data-rule="LP102"] .finding-jump');
  const selected = await page.$eval('#config', (t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selected, 'true');
  const around = await page.$eval('#config', (t) => t.value.slice(t.selectionStart - 12, t.selectionStart));
  assert.equal(around, 'privileged: ', 'the true of privileged:, inside the escaped string');
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone a finding opens in the editor without the keyboard, and one tap brings the list back', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url, { width: 390, height: 844 }, { hasTouch: true, isMobile: true });
  const item = await page.waitForSelector('li.finding[data-rule="LP102"]');
  await (await item.$('.finding-jump')).click();
  // Focused and selected, but read-only for now: a phone shows no keyboard over the text.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'config');
  assert.equal(await page.$eval('#config', (t) => t.readOnly), true);
  assert.equal(await page.$eval('#config', (t) => t.value.slice(t.selectionStart, t.selectionEnd)), 'true');
  await page.click('.back-to-findings');
  await page.waitForFunction(() => {
    const r = document.querySelector('li.finding[data-rule="LP102"]').getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  });
  assert.equal(await page.$('.back-to-findings'), null, 'the button goes once used');
  // Editable again once focus leaves.
  assert.equal(await page.$eval('#config', (t) => t.readOnly), false);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});
