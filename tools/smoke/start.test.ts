/**
 * What a new user does: run the built product (`npm start` = build, then `node dist/apps/api/main.js`)
 * and open it. With no kubeconfig it serves the demo cluster on 127.0.0.1:3000 with Swagger at /docs;
 * with KUBECONFIG pointing at the lab it serves the lab. Needs `nx run-many -t build -p api web` first.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const root = resolve(import.meta.dirname, '..', '..');
const main = join(root, 'dist', 'apps', 'api', 'main.js');
const children: ChildProcess[] = [];

after(() => {
  for (const child of children) child.kill('SIGTERM');
});

async function start(env: Record<string, string>, port: number): Promise<string> {
  assert.ok(existsSync(main), `${main} is missing: build first (npx nx run-many -t build -p api web)`);
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return base;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not answer within 60 s:\n${output}`);
}

describe('npm start', () => {
  it('with no kubeconfig serves the demo cluster, the console and Swagger on 127.0.0.1', async () => {
    const home = mkdtempSync(join(tmpdir(), 'orphelix-home-'));
    const base = await start({ HOME: home }, 3000);
    const pods = await fetch(`${base}/api/pods`);
    assert.equal(pods.status, 200);
    assert.equal(pods.headers.get('x-orphelix-mode'), 'demo');
    const body = (await pods.json()) as { items: unknown[]; total: number };
    assert.ok(body.total > 10);
    const docs = await fetch(`${base}/docs`);
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger/i);
    const spec = (await (await fetch(`${base}/docs-json`)).json()) as { paths: Record<string, unknown> };
    assert.ok(spec.paths['/api/pods']);
    const console = await fetch(`${base}/`);
    assert.equal(console.status, 200);
    assert.match(await console.text(), /<orx-root|<app-root|<body/);
    // A list page arrives rendered by the server, with its first rows.
    const list = await fetch(`${base}/pods`, { headers: { accept: 'text/html' } });
    assert.equal(list.status, 200);
    assert.match(await list.text(), /data-testid="resource-row"/);
  });

  it('with KUBECONFIG pointing at the lab serves the lab', async () => {
    const { ensureLab } = await import('../lab-cluster/src/helper.ts');
    const lab = await ensureLab({ seed: true });
    const home = mkdtempSync(join(tmpdir(), 'orphelix-home-'));
    const base = await start({ HOME: home, KUBECONFIG: lab.kubeconfig }, 3100);
    const res = await fetch(`${base}/api/deployments?namespace=shop`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-orphelix-mode'), null);
    const body = (await res.json()) as { items: { name: string }[] };
    assert.ok(body.items.some((d) => d.name === 'storefront'));
    const contexts = (await (await fetch(`${base}/api/contexts`)).json()) as { name: string }[] | { items: { name: string }[] };
    const names = (Array.isArray(contexts) ? contexts : contexts.items).map((c) => c.name);
    assert.deepEqual(names.sort(), ['lab-admin', 'lab-viewer']);
  });
});
