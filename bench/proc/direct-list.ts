/**
 * The list-pods baseline, in a process of its own so its garbage never pauses the measurement of the
 * API: what a @kubernetes/client-node user does to list every pod (CoreV1Api.listPodForAllNamespaces,
 * which parses and turns the JSON into model objects), and for reference the bare apiserver LIST to
 * its last byte.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { num, serve } from './rpc.ts';

const kubeconfig = process.env['BENCH_KUBECONFIG'] ?? '';
const pkiDir = process.env['BENCH_PKI_DIR'] ?? '';
const apiserverPort = Number(process.env['BENCH_APISERVER_PORT'] ?? '0');

const kc = new KubeConfig();
kc.loadFromFile(kubeconfig);
const core = kc.makeApiClient(CoreV1Api);

const agent = new Agent({
  ca: readFileSync(join(pkiDir, 'ca.crt')),
  cert: readFileSync(join(pkiDir, 'admin.crt')),
  key: readFileSync(join(pkiDir, 'admin.key')),
  keepAlive: true,
  maxSockets: 1,
});

function rawGet(path: string, timeoutMs: number): Promise<{ totalMs: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      { host: '127.0.0.1', port: apiserverPort, path, agent, headers: { accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`GET ${path} → ${res.statusCode}`));
          else resolve({ totalMs: performance.now() - t0, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

serve(
  {
    clientNodeList: async () => {
      const t0 = performance.now();
      const list = await core.listPodForAllNamespaces();
      return { ms: performance.now() - t0, items: list.items.length };
    },
    rawList: async (args) => {
      const { totalMs, body } = await rawGet('/api/v1/pods', num(args, 'timeoutMs', 120_000));
      const t0 = performance.now();
      const parsed = JSON.parse(body.toString('utf8')) as { items: unknown[] };
      return { ms: totalMs, parseMs: performance.now() - t0, bytes: body.length, items: parsed.items.length };
    },
  },
  () => agent.destroy(),
);
process.send?.({ event: 'ready', data: { pid: process.pid } });
