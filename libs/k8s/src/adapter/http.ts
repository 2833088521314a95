import { Agent, request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { errorFromResponse, errorFromTransport } from './errors';

export interface KubeRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** Whole-request deadline; connection failures surface at once regardless. */
  timeoutMs?: number;
}

export interface KubeResponse {
  status: number;
  body: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** An unreachable apiserver must become a 503 quickly, even when packets are dropped rather than refused. */
const CONNECT_TIMEOUT_MS = 4_000;

/**
 * HTTPS to one context's apiserver with client-node's authentication (certificates, tokens, exec
 * plugins) and a keep-alive agent per context. Plain JSON in and out: no model deserialisation, which
 * at 10,000 pods costs more than the request itself.
 */
export class KubeHttp {
  private agent: Agent | null = null;

  constructor(
    private readonly kubeconfig: KubeConfig,
    readonly context: string,
    readonly server: string,
  ) {}

  private async options(req: KubeRequest): Promise<RequestOptions> {
    const opts: RequestOptions = { headers: {} };
    await this.kubeconfig.applyToHTTPSOptions(opts);
    if (!this.agent) {
      this.agent = new Agent({
        keepAlive: true,
        maxSockets: 32,
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        ...(opts.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
        ...(opts.servername ? { servername: opts.servername } : {}),
      });
    }
    const url = new URL(this.server);
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) query.set(k, String(v));
    const qs = query.toString();
    const basePath = url.pathname.replace(/\/$/, '');
    return {
      agent: this.agent,
      host: url.hostname,
      port: url.port || 443,
      method: req.method ?? 'GET',
      path: `${basePath}${req.path}${qs ? `?${qs}` : ''}`,
      headers: {
        ...(opts.headers as Record<string, string>),
        accept: req.accept ?? 'application/json',
        ...(req.body !== undefined ? { 'content-type': req.contentType ?? 'application/json' } : {}),
      },
      ...(opts.auth ? { auth: opts.auth } : {}),
    };
  }

  /** Sends a request; resolves with the open response so callers can stream (logs, watches). */
  async open(req: KubeRequest, signal?: AbortSignal): Promise<IncomingMessage> {
    const options = await this.options(req);
    const payload = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    return new Promise<IncomingMessage>((resolve, reject) => {
      const r = request({ ...options, ...(signal ? { signal } : {}) }, resolve);
      const connectTimer = setTimeout(() => r.destroy(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' })), CONNECT_TIMEOUT_MS);
      r.on('socket', (socket) => {
        if (!socket.connecting) clearTimeout(connectTimer);
        else socket.once('secureConnect', () => clearTimeout(connectTimer));
      });
      r.on('response', () => clearTimeout(connectTimer));
      r.on('error', (error) => {
        clearTimeout(connectTimer);
        reject(errorFromTransport(error, this.context, this.server));
      });
      if (payload !== undefined) r.write(payload);
      r.end();
    });
  }

  /** A whole request: 2xx resolves with the body; anything else rejects with a ClusterError. */
  async send(req: KubeRequest): Promise<KubeResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    try {
      const res = await this.open(req, controller.signal);
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) throw errorFromResponse(status, body, this.context);
      return { status, body };
    } catch (error) {
      if (controller.signal.aborted) {
        throw errorFromTransport(Object.assign(new Error(`no answer within ${(req.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000}s`), { code: 'ETIMEDOUT' }), this.context, this.server);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async json<T>(req: KubeRequest): Promise<T> {
    return JSON.parse((await this.send(req)).body) as T;
  }

  close(): void {
    this.agent?.destroy();
    this.agent = null;
  }
}
