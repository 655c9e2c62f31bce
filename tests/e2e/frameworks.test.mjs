// End-to-end tests of the compliance framework view: results per control (CIS, NSA/CISA, Pod
// Security Standards) with their findings, the same in exports and print, the same statuses
// for inputs checked in the worker and for shared results, and the #/frameworks catalogue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { sharedBrowser, openPage, paste, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

/** Every control row shown, as `id=status`. */
async function statuses(page) {
  // The rows shown: "Failing only" hides the others with a style.
  return page.$$eval('.fw-table tr[data-control]', (rows) => rows.filter((r) => r.checkVisibility()).map((r) => `${r.dataset.control}=${r.dataset.status}`));
}

async function choose(page, framework) {
  await page.selectOption('#framework', framework);
  // The title (or the notice) of the chosen framework, not a table left from another one.
  if (framework) {
    await page.waitForFunction((label) => document.querySelector('#fw-title')?.textContent === label || document.querySelector('#fw-unavailable'),
      await page.$eval('#framework', (s) => s.selectedOptions[0].textContent));
  }
}

async function loadSample(page, id) {
  const before = await page.getAttribute('#status', 'data-generation');
  await page.selectOption('#sample', id);
  await page.waitForFunction((old) => document.querySelector('#status')?.dataset.generation !== old, before);
}

test('CIS on the insecure sample: failing controls list their findings, and a finding selects its text', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await loadSample(page, 'insecure-deployment');
  assert.equal(await page.isVisible('.scorecard'), true, 'principles are the default view');
  await choose(page, 'cis');
  assert.equal(await page.isVisible('.scorecard'), false);
  assert.match(await page.textContent('#fw-title'), /CIS Kubernetes Benchmark v1\.10/);
  const coverage = await page.textContent('#fw-coverage');
  const [, evaluated, total, , applying] = coverage.match(/evaluate (\d+) of (\d+) controls \((\d+) only partly\); (\d+) apply/).map(Number);
  assert.ok(evaluated > 0 && evaluated < total && applying > 0 && applying <= evaluated, coverage);

  const all = await statuses(page);
  assert.equal(all.length, total, 'every control has a row');
  assert.ok(all.includes('5.2.2=fail'), 'a privileged container fails 5.2.2');
  assert.ok(all.includes('5.2.5=fail'), 'hostNetwork fails 5.2.5');
  assert.ok(all.some((s) => s.endsWith('=pass')), 'some controls pass');
  assert.ok(all.some((s) => s.endsWith('=not-checkable')));
  // A partly covered control says what it leaves out.
  assert.ok((await page.$$eval('.fw-note', (n) => n.map((x) => x.textContent))).some((t) => t.startsWith('Partly covered: ')));
  for (const row of await page.$$('.fw-table tr[data-status="fail"]')) {
    assert.ok(await row.$('details.fw-findings li.finding'), 'a failing control has its findings');
  }

  // Failing only.
  await page.check('#fw-failing');
  const failing = await statuses(page);
  assert.ok(failing.length > 0 && failing.every((s) => s.endsWith('=fail')), failing.join(' '));
  assert.equal(failing.length, all.filter((s) => s.endsWith('=fail')).length);

  // Expand 5.2.2 and click its finding: the editor selects the privileged flag's value.
  const row = page.locator('tr[data-control="5.2.2"]');
  assert.equal(await row.locator('li.finding').isVisible(), false, 'findings start folded');
  await row.locator('details.fw-findings > summary').click();
  const finding = row.locator('li.finding[data-rule="LP102"]').first();
  assert.equal(await finding.isVisible(), true);
  await finding.locator('.finding-jump').click();
  const selected = await page.$eval('#config', (t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selected, 'true');
  const line = await page.$eval('#config', (t) => t.value.slice(0, t.selectionStart).split('\n').length);
  assert.equal(String(line), await finding.getAttribute('data-line'));
  await screenshot(page, 'framework-cis-expanded-1280x800');

  // Back to the principles.
  await choose(page, '');
  assert.equal(await page.isVisible('.scorecard'), true);
  assert.equal(await page.isVisible('.fw-table'), false);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Pod Security restricted on the hardened sample: every control passes or does not apply', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await loadSample(page, 'hardened-app');
  await choose(page, 'pss-restricted');
  const all = await statuses(page);
  assert.ok(all.length > 10);
  assert.deepEqual(all.filter((s) => !s.endsWith('=pass') && !s.endsWith('=not-applicable')), []);
  assert.ok(all.includes('runAsNonRoot=pass'), all.join(' '));
  // And the insecure sample fails it.
  await loadSample(page, 'insecure-deployment');
  assert.ok((await statuses(page)).includes('privileged=fail'));
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an input checked in the background worker gets the same statuses as on the page', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  const pod = (i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: n}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.25\n      securityContext: {privileged: true}\n`;
  await paste(page, pod(0));
  await choose(page, 'nsa');
  const small = await statuses(page);
  assert.ok(small.some((s) => s.endsWith('=pass')) && small.some((s) => s.endsWith('=fail')));
  await paste(page, Array.from({ length: 1500 }, (_, i) => pod(i)).join('---\n'));
  assert.match(await page.textContent('#status'), /1500 documents, .* in the background/);
  assert.deepEqual(await statuses(page), small);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('shared results keep their statuses; a link without examined counts says the view is unavailable', async () => {
  const sender = await openPage(shared.browser, shared.server.url);
  await loadSample(sender.page, 'insecure-deployment');
  await choose(sender.page, 'cis');
  const sent = await statuses(sender.page);
  await sender.page.click('#share');
  await sender.page.check('#share-results');
  const link = await sender.page.$eval('#share-link', (t) => t.value);
  await sender.context.close();

  const receiver = await openPage(shared.browser, link, undefined, { ready: '#share-banner' });
  await choose(receiver.page, 'cis');
  assert.deepEqual(await statuses(receiver.page), sent);
  // A finding of a shared link has no text to select; it is still listed.
  assert.ok(await receiver.page.$('tr[data-control="5.2.2"] li.finding .finding-jump.static'));

  // The same link as an older Posture wrote it: no `applicable` record.
  const payload = inflateRawSync(Buffer.from(new URL(link).hash.slice('#s=1.'.length), 'base64url')).toString('utf8');
  assert.match(payload, /^applicable\t/m);
  assert.deepEqual(receiver.afterLoad, []);
  assert.deepEqual(receiver.problems, []);
  await receiver.context.close();
  const old = payload.split('\n').filter((l) => !l.startsWith('applicable')).join('\n');
  const oldLink = `${shared.server.url}#s=1.${deflateRawSync(Buffer.from(old)).toString('base64url')}`;
  const { context, page, afterLoad, problems } = await openPage(shared.browser, oldLink, undefined, { ready: '#share-banner' });
  await choose(page, 'cis');
  assert.match(await page.textContent('#fw-unavailable'), /cannot be told from one that does not apply/);
  assert.equal(await page.isVisible('.fw-table'), false);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('exports carry the chosen framework; printing shows its controls and findings', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await loadSample(page, 'insecure-deployment');
  const download = async (button) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return readFile(await file.path(), 'utf8');
  };
  assert.doesNotMatch(await download('#export-markdown'), /CIS Kubernetes Benchmark/, 'no framework chosen, no section');
  await choose(page, 'cis');
  const md = await download('#export-markdown');
  assert.match(md, /### CIS Kubernetes Benchmark v1\.10/);
  assert.match(md, /\| 5\.2\.2 \| .* \| fail \| LP102 \| `pasted\.yaml:\d+`/);

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.editor'), false);
  assert.equal(await page.isVisible('#framework'), false, 'the chooser is not printed');
  assert.equal(await page.isVisible('.fw-table'), true);
  assert.equal(await page.isVisible('tr[data-control="5.2.2"] li.finding'), true, 'folded findings print');
  await screenshot(page, 'framework-cis-print');
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('#/frameworks lists each catalogue with its coverage and the rules behind each control', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await page.click('header nav a[href="#/frameworks"]');
  await page.waitForSelector('#fw-coverage-table');
  const rows = await page.$$eval('#fw-coverage-table tbody tr', (trs) =>
    trs.map((tr) => [tr.dataset.framework, ...[...tr.querySelectorAll('td')].map((td) => Number(td.textContent))]));
  assert.deepEqual(rows.map((r) => r[0]), ['cis', 'nsa', 'pss-baseline', 'pss-restricted', 'principles']);
  for (const [id, total, evaluated, partial, notCheckable, noRule] of rows) {
    assert.equal(evaluated + notCheckable + noRule, total, id);
    assert.ok(partial <= evaluated && evaluated > 0, id);
  }
  const cis = page.locator('details.fw-catalogue[data-framework="cis"]');
  await cis.locator('summary').click();
  assert.match(await cis.locator('tr[data-control="5.2.2"]').textContent(), /LP102/);
  // A control no configuration can show says why.
  const noRule = cis.locator('tr:has(.cov-not-checkable) .fw-note').first();
  assert.ok((await noRule.textContent()).length > 10);
  await cis.locator('tr[data-control="5.2.2"] a[href="#/rules/LP102"]').click();
  await page.waitForSelector('.rule-page');
  assert.equal(new URL(page.url()).hash, '#/rules/LP102');
  // The rule catalogue links here.
  await page.goto(`${shared.server.url}#/rules`);
  await page.click('.catalogue a[href="#/frameworks"]');
  await page.waitForSelector('#fw-coverage-table');
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('framework views: screenshots light and dark, desktop and phone; axe finds nothing serious', async () => {
  const axe = await readFile(resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');
  for (const colorScheme of ['light', 'dark']) {
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      for (const view of ['cis', 'catalogue']) {
        const url = `${shared.server.url}${view === 'catalogue' ? '#/frameworks' : ''}`;
        const ready = view === 'catalogue' ? '#fw-coverage-table' : '#status';
        const { context, page, afterLoad, problems } = await openPage(shared.browser, url, { width: w, height: h }, { colorScheme, ready });
        if (view === 'cis') {
          await choose(page, 'cis');
          await page.locator('tr[data-control="5.2.2"] details.fw-findings > summary').click();
        } else {
          await page.locator('details.fw-catalogue[data-framework="pss-restricted"] summary').click();
        }
        await screenshot(page, `framework-${view}-${colorScheme}-${w}x${h}`);
        await page.evaluate(axe);
        const violations = await page.evaluate(async () => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, { resultTypes: ['violations'] });
          return r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
            .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        });
        assert.deepEqual(violations, [], `${view} ${colorScheme} ${w}`);
        assert.deepEqual(afterLoad, []);
        assert.deepEqual(problems, []);
        await context.close();
      }
    }
  }
});
