/** A minimal HTTPS client for the lab's apiserver, with the lab's own client certificates. */
import { readFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { LabConfig } from './config.ts';

export interface KubeResponse {
  status: number;
  body: string;
}

const agents = new Map<string, Agent>();

function agentFor(config: LabConfig, cert: string): Agent {
  const key = `${config.pkiDir}:${cert}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      ca: readFileSync(join(config.pkiDir, 'ca.crt')),
      cert: readFileSync(join(config.pkiDir, `${cert}.crt`)),
      key: readFileSync(join(config.pkiDir, `${cert}.key`)),
      keepAlive: true,
      maxSockets: 64,
    });
    agents.set(key, agent);
  }
  return agent;
}

export interface KubeRequest {
  method?: string;
  path: string;
  body?: unknown;
  contentType?: string;
  /** Client certificate to use; `admin` unless said otherwise. */
  as?: 'admin' | 'viewer';
  timeoutMs?: number;
  port?: number;
}

export function kube(config: LabConfig, req: KubeRequest): Promise<KubeResponse> {
  return new Promise((resolvePromise, reject) => {
    const payload = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    const r = httpsRequest(
      {
        host: '127.0.0.1',
        port: req.port ?? config.ports.apiserver,
        path: req.path,
        method: req.method ?? 'GET',
        agent: agentFor(config, req.as ?? 'admin'),
        headers: {
          accept: 'application/json',
          ...(payload !== undefined
            ? { 'content-type': req.contentType ?? 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
        timeout: req.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error(`timeout after ${req.timeoutMs ?? 30_000} ms: ${req.method ?? 'GET'} ${req.path}`)));
    r.on('error', reject);
    if (payload !== undefined) r.write(payload);
    r.end();
  });
}

/** Like `kube` but throws on a non-2xx answer, and parses JSON. */
export async function kubeJson<T>(config: LabConfig, req: KubeRequest): Promise<T> {
  const res = await kube(config, req);
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`${req.method ?? 'GET'} ${req.path} → ${res.status}: ${res.body.slice(0, 500)}`);
  }
  return JSON.parse(res.body) as T;
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}
