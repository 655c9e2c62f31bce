// Shared end-to-end harness: a static server for dist/ on loopback, Debian's Chromium through
// playwright-core, and a recorder of every request the page makes.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');
export const dist = join(root, 'dist');
export const artifacts = join(root, 'tests/e2e/artifacts');
export const examples = join(root, 'examples');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves dist/ on 127.0.0.1 at a free port; fails at once when there is no build to serve. */
export function serveDist() {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error('dist/index.html is missing: build the page first (scripts/build-web.sh)');
  }
  return serveDir(dist);
}

/**
 * Serves a directory on 127.0.0.1 at a free port (each server is its own origin). `prefix`
 * serves it under a path (`/posture/`) as documentation sites do; `missing` names files to
 * answer with 404, to see how the page copes when its own files cannot load.
 */
export async function serveDir(base, { prefix = '/', missing = null } = {}) {
  const server = createServer(async (req, res) => {
    const full = new URL(req.url, 'http://localhost').pathname;
    if (!full.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    const path = '/' + full.slice(prefix.length);
    const file = normalize(join(base, path === '/' ? 'index.html' : path));
    if (!file.startsWith(base) || (missing && missing.test(path))) {
      res.writeHead(file.startsWith(base) ? 404 : 403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Chromium from Debian, with the flags that keep it quiet on a closed network. */
export async function launch() {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-quic',
    '--disable-gpu',
    '--disable-dev-shm-usage',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args });
}

/**
 * Opens the page and records every request. `afterLoad` holds what was requested once the
 * page had loaded its own files and shown its first findings: it must stay empty.
 */
export async function openPage(browser, url, viewport = { width: 1280, height: 800 }, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const all = [];
  const afterLoad = [];
  const problems = [];
  let loaded = false;
  page.on('request', (r) => {
    const url = r.url();
    all.push(url);
    // blob: and data: URLs are the page's own memory (downloads it builds), not the network.
    if (loaded && !url.startsWith('blob:') && !url.startsWith('data:')) afterLoad.push(url);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector(options.ready ?? '#status');
  await page.waitForLoadState('networkidle');
  loaded = true;
  return { context, page, all, afterLoad, problems };
}

export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Replaces the editor's text the way a paste does, and waits for the re-check. */
export async function paste(page, text) {
  const before = await page.getAttribute('#status', 'data-generation');
  // Setting the value and firing one input event is what a paste does; Playwright's fill()
  // is far slower on megabytes of text.
  await page.$eval(
    'textarea#config',
    (area, value) => {
      area.value = value;
      area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    },
    text,
  );
  // Each check has a new generation number: wait until the status shows a newer one.
  await page.waitForFunction(
    (old) => document.querySelector('#status')?.dataset.generation !== old,
    before,
  );
}

/** Drops a file called `name` holding `text` on the element at `selector`, as a drag from the
 * desktop does, and waits for the re-check. */
export async function dropFile(page, selector, name, text) {
  const before = await page.getAttribute('#status', 'data-generation');
  await page.$eval(
    selector,
    (target, [fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content], fileName));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [name, text],
  );
  await page.waitForFunction(
    (old) => document.querySelector('#status')?.dataset.generation !== old,
    before,
  );
}

/**
 * Registers a loopback server for dist/ and one browser for the tests of a file; returns getters.
 * Pass node:test's `before` and `after`.
 */
export function sharedBrowser(before, after) {
  const shared = {};
  before(async () => {
    shared.server = await serveDist();
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/** One Deployment of a generated input (every 50th privileged), for large texts. */
export const deployment = (i) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-${i}
  namespace: team-${i % 17}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: registry.example.com/svc-${i}:1.${i}.0
          resources:
            limits: {cpu: 500m, memory: 256Mi}
          securityContext:
            privileged: ${i % 50 === 0}
`;
