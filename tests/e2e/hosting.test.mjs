// Hosting: the page works from a subpath of a static host (as documentation sites serve it),
// including its checking worker, and says so visibly when its own files cannot load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dist, launch, openPage, paste, serveDir } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser?.close());

test('served under /posture/, the page loads every file, checks, and its worker answers', async () => {
  const server = await serveDir(dist, { prefix: '/posture/' });
  const { context, page, afterLoad, problems } = await openPage(browser, server.url);
  await paste(page, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: c, image: nginx, securityContext: {privileged: true}}\n');
  assert.ok(await page.$('li.finding[data-rule="LP102"]'), 'findings are shown');
  assert.equal(await page.$('#boot'), null, 'the start-up notice is gone');
  // 2,000 pods (over 128 KiB) go to the worker, which loads from the same subpath.
  const one = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p0}\nspec:\n  containers: [{name: c, image: "nginx:1.25"}]\n';
  await paste(page, Array.from({ length: 2000 }, (_, i) => one.replace('p0', `p${i}`)).join('---\n'));
  assert.match(await page.textContent('#status'), /2000 documents, .* in the background/);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, [], 'no file failed to load (the harness records HTTP errors)');
  await context.close();
  await server.close();
});

test('when the wasm cannot load, the page says Posture could not start instead of staying blank', async () => {
  const server = await serveDir(dist, { missing: /\.wasm$/ });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForSelector('#boot .boot-stuck', { state: 'visible', timeout: 15000 });
  assert.match(await page.textContent('#boot'), /could not start/);
  await context.close();
  await server.close();
});
