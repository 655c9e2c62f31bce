// End-to-end tests of the release build (dist/): paste, see findings with their lines, and
// prove that the page makes no request after loading its own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, paste, screenshot } from './harness.mjs';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: api
          image: "registry.example.com/api"
          securityContext:
            privileged: true
`;

const shared = sharedBrowser(before, after);

/** Every finding on the page as `RULE@line:col`. */
async function shown(page) {
  return page.$$eval('li.finding[data-rule]', (items) =>
    items.map((li) => `${li.dataset.rule}@${li.querySelector('.where').textContent.replace('line ', '')}`),
  );
}

test('pasting a manifest shows each finding at its line and column', async () => {
  const { context, page, all, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await paste(page, MANIFEST);
  const findings = await shown(page);
  for (const expected of ['DS101@12:18', 'LP102@14:25', 'LP103@9:20', 'DS105@11:11']) {
    assert.ok(findings.includes(expected), `${expected} in ${findings}`);
  }
  const status = await page.textContent('#status');
  assert.match(status, new RegExp(`1 document, 1 resource, ${findings.length} findings`));
  assert.match(await page.textContent('li.finding[data-rule="LP102"]'), /Deployment\/prod\/api · container api/);
  await screenshot(page, 'findings-1280x800');
  assert.deepEqual(afterLoad, [], 'no request after load');
  for (const url of all) assert.ok(url.startsWith(shared.server.url), `only own files are loaded: ${url}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('broken YAML gives an error at its line and the other documents are still checked', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await paste(page, `${MANIFEST}---\nkind: [oops\n`);
  const error = page.locator('li.finding.error');
  assert.equal(await error.getAttribute('data-line'), '16');
  assert.match(await error.textContent(), /never closed/);
  assert.ok((await shown(page)).includes('LP102@14:25'));
  await screenshot(page, 'broken-yaml-1280x800');
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('hostile input (alias bomb, binary noise, 5 MB) never blanks the page', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 30; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  for (const text of [bomb, '\u0000\u0001\u0002 :: ]] {{', `${MANIFEST}---\n`.repeat(14000)]) {
    await paste(page, text);
    assert.ok(await page.isVisible('#status'));
  }
  assert.match(await page.textContent('#status'), /14000 resources/);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an oversized paste (20 MB) is refused at once with a message; the previous text stays', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  const previous = await page.inputValue('#config');
  const huge = 'kind: Pod\n'.repeat(2_000_000);
  const started = Date.now();
  await page.$eval('#config', (area, value) => {
    area.value = value;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, huge);
  await page.waitForSelector('.notice');
  assert.match(await page.textContent('.notice'), /Posture reads up to 16 MiB/);
  assert.equal(await page.inputValue('#config'), previous);
  assert.ok(Date.now() - started < 20000, 'refused quickly');
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the page works with the network cut after load', async () => {
  const { context, page, problems } = await openPage(shared.browser, shared.server.url, { width: 390, height: 844 });
  await context.setOffline(true);
  await paste(page, MANIFEST);
  assert.ok((await shown(page)).includes('LP102@14:25'));
  await screenshot(page, 'offline-390x844');
  assert.deepEqual(problems, []);
  await context.close();
});

test('large inputs are checked in a background worker; a stale result never replaces a newer one', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  const one = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p0, namespace: n}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.25\n      securityContext: {privileged: true}\n';
  const big = Array.from({ length: 2000 }, (_, i) => one.replace('p0', `p${i}`)).join('---\n');
  assert.ok(big.length > 200 * 1024);
  await paste(page, big);
  const status = await page.textContent('#status');
  assert.match(status, /2000 documents, 2000 resources, .* in the background/);
  // The first privileged container's `true` is on line 8, as it would be on the page.
  await page.fill('#filter', 'LP102');
  await page.waitForSelector('li.finding[data-rule="LP102"]');
  const lp102 = await page.$$eval('li.finding[data-rule="LP102"]', (l) => l.map((x) => x.dataset.line));
  assert.equal(lp102[0], '8');
  await page.click('li.finding[data-rule="LP102"] .finding-jump');
  assert.equal(await page.$eval('#config', (t) => t.value.slice(t.selectionStart, t.selectionEnd)), 'true');

  // A big paste, then a small one before the worker answers: only the small one's results stay.
  await page.$eval('#config', (area, value) => {
    area.value = value;
    area.dispatchEvent(new InputEvent('input', { bubbles: true }));
  }, big + '# again\n');
  await page.waitForTimeout(250); // the big check is now on its way to the worker
  await paste(page, one);
  await page.waitForTimeout(1500); // long enough for the worker's stale answer to arrive
  assert.match(await page.textContent('#status'), /^1 document, 1 resource, \d+ findings — checked in [0-9.]+ ms$/);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('when the checking worker cannot start, the page says so and checks large inputs itself', async () => {
  const context = await shared.browser.newContext();
  // Let the page load its own files once; every later load of the start-up script (the
  // worker's) fails.
  let starts = 0;
  await context.route(/\/init-[0-9a-f]+\.js$/, (route) => (starts++ === 0 ? route.continue() : route.abort()));
  const page = await context.newPage();
  await page.goto(shared.server.url);
  await page.waitForSelector('#status');
  const one = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p0}\nspec:\n  containers: [{name: c, image: "nginx:1.25"}]\n';
  const big = Array.from({ length: 2000 }, (_, i) => one.replace('p0', `p${i}`)).join('---\n');
  await page.waitForSelector('.notice', { timeout: 15000 });
  assert.match(await page.textContent('.notice'), /background checker could not start/);
  await paste(page, big);
  // The worker's failure also re-checks the text it could not check, so the first newer
  // generation can still be the sample's: wait for the pasted text's result.
  await page.waitForFunction(() => /^2000 documents/.test(document.querySelector('#status')?.textContent ?? ''));
  const status = await page.textContent('#status');
  assert.match(status, /^2000 documents, 2000 resources/);
  assert.doesNotMatch(status, /in the background/, 'checked on the page itself');
  await context.close();
});
