import { Prng, seedOf } from './random';
import { rfc3339NanoFixed, SECOND } from './time';
import type { Instance } from './timeline';

/**
 * Container log output. Lines are a pure function of the container's identity, the run and the slot a
 * line falls in (one slot every few seconds, aligned to the epoch), so asking twice gives the same text,
 * new lines appear as the clock moves, and `sinceSeconds`/`tailLines` cut the same stream a kubelet would.
 */

/** What kind of program writes a container's output. */
export type LogProfile =
  | 'web'
  | 'goApi'
  | 'nodeWorker'
  | 'jvm'
  | 'redis'
  | 'postgres'
  | 'nginx'
  | 'coredns'
  | 'klog'
  | 'etcd'
  | 'fluentBit'
  | 'nodeExporter'
  | 'ingressNginx'
  | 'statsd'
  | 'waitFor'
  | 'migration'
  | 'backup'
  | 'report'
  | 'seedData'
  | 'reindex';

/** Who is logging, for lines that mention their own name, address or peers. */
export interface LogContext {
  seed: number;
  pod: string;
  namespace: string;
  container: string;
  /** The app label, e.g. `checkout-api`. */
  app: string;
  version: string;
  podIP: string;
  nodeName: string;
}

export interface LogLine {
  ms: number;
  nanos: number;
  text: string;
}

interface ProfileDef {
  /** One slot per interval; at most one steady line per slot. */
  intervalMs: number;
  /** Probability that a slot has a line. */
  density: number;
  startup(ctx: LogContext, at: number): string[];
  line(ctx: LogContext, rng: Prng, at: number, instance: Instance): string;
  /** Last lines of a run that exits non-zero (a killed run, OOMKilled, writes none). */
  crash?(ctx: LogContext, at: number): string[];
  /** Last lines of a run that exits 0. */
  finish?(ctx: LogContext, at: number): string[];
}

const MAX_LINES_PER_RUN = 5000;

// --- small formatters -----------------------------------------------------------------------------------

const iso = (ms: number): string => new Date(ms).toISOString();
const epoch = (ms: number): number => Math.round(ms) / 1000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `27/Nov/2026:02:46:00 +0000`, the common log format's time. */
function clf(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} +0000`;
}

/** `1127 02:46:00.123456`, klog's header time. */
function klogTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(
    d.getUTCSeconds(),
  )}.${pad(d.getUTCMilliseconds(), 3)}${pad((ms * 7919) % 1000, 3)}`;
}

/** `27 Nov 2026 02:46:00.123`, redis's time. */
function redisTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${iso(ms).slice(11, 23)}`;
}

const json = (fields: Record<string, unknown>): string => JSON.stringify(fields);
const peerIp = (rng: Prng): string => `10.244.${rng.int(0, 2)}.${rng.int(2, 60)}`;
const publicIp = (rng: Prng): string => `${rng.pick(['198.51.100', '203.0.113', '192.0.2'])}.${rng.int(2, 250)}`;
const latency = (rng: Prng, max: number): number => Math.round(rng.next() ** 3 * max * 10 + 1) / 10;
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'kube-probe/1.36',
];

function httpStatus(rng: Prng): number {
  const r = rng.next();
  return r < 0.9 ? 200 : r < 0.94 ? 304 : r < 0.97 ? 404 : r < 0.99 ? 400 : 502;
}

const API_PATHS: Record<string, string[]> = {
  'checkout-api': ['/v1/cart', '/v1/cart/items', '/v1/checkout', '/v1/orders/{id}', '/v1/shipping/quote'],
  catalog: ['/v1/products', '/v1/products/{id}', '/v1/categories', '/v1/products/{id}/stock'],
  auth: ['/v1/token', '/v1/token/refresh', '/v1/userinfo', '/.well-known/jwks.json'],
  'notification-service': ['/v1/notifications', '/v1/notifications/{id}/ack', '/v1/templates'],
  'ml-ranker': ['/v1/rank'],
  recommendations: ['/v1/recommendations/{id}'],
  'metrics-server': ['/apis/metrics.k8s.io/v1beta1/pods'],
};

function apiPath(ctx: LogContext, rng: Prng): string {
  const path = rng.pick(API_PATHS[ctx.app] ?? ['/v1/items', '/v1/items/{id}']);
  return path.replace('{id}', String(rng.int(1000, 99999)));
}

function nodeTrace(error: string, detail: string, frames: string[]): string[] {
  return [
    frames[0].replace(/^ +at .*\((.*):(\d+):\d+\)$/, '$1:$2'),
    `    ${detail}`,
    '    ^',
    '',
    error,
    ...frames,
    '',
    'Node.js v22.11.0',
  ];
}

// --- profiles -------------------------------------------------------------------------------------------

const PROFILES: Record<LogProfile, ProfileDef> = {
  web: {
    intervalMs: 2 * SECOND,
    density: 0.85,
    startup: (ctx) => [
      '',
      `> ${ctx.app}@${ctx.version} start`,
      '> next start -p 3000',
      '',
      '   ▲ Next.js 15.1.3',
      '   - Local:        http://localhost:3000',
      `   - Network:      http://${ctx.podIP}:3000`,
      '',
      ' ✓ Starting...',
      ' ✓ Ready in 612ms',
    ],
    line: (ctx, rng, at) => {
      if (rng.chance(0.65)) {
        const ua = rng.pick(USER_AGENTS);
        const page = ua.startsWith('kube-probe')
          ? '/api/health'
          : rng.pick([
              '/',
              '/products/sku-{n}',
              '/category/shoes',
              '/cart',
              '/search?q=jacket',
              '/_next/static/chunks/{n}.js',
            ]);
        const status = ua.startsWith('kube-probe') ? 200 : httpStatus(rng);
        return `${peerIp(rng)} - - [${clf(at)}] "GET ${page.replace('{n}', String(rng.int(100, 9999)))} HTTP/1.1" ${status} ${rng.int(
          400,
          48000,
        )} "-" "${ua}" ${(latency(rng, 300) / 1000).toFixed(3)}`;
      }
      const r = rng.next();
      if (r < 0.15)
        return json({ level: 'debug', ts: epoch(at), msg: 'cache hit', key: `product:${rng.int(1000, 9999)}` });
      if (r < 0.8) {
        return json({
          level: 'info',
          ts: epoch(at),
          msg: 'rendered page',
          route: rng.pick(['/', '/products/[sku]', '/cart']),
          ms: latency(rng, 180),
        });
      }
      if (r < 0.95) {
        return json({
          level: 'warn',
          ts: epoch(at),
          msg: 'slow upstream response',
          upstream: rng.pick(['catalog', 'search']),
          ms: rng.int(800, 2400),
        });
      }
      return json({
        level: 'error',
        ts: epoch(at),
        msg: 'upstream request failed',
        upstream: 'checkout-api',
        status: 502,
        attempt: rng.int(1, 3),
      });
    },
  },

  goApi: {
    intervalMs: 3 * SECOND,
    density: 0.8,
    startup: (ctx, at) => [
      json({
        level: 'info',
        ts: epoch(at),
        caller: 'cmd/main.go:48',
        msg: `starting ${ctx.app}`,
        version: ctx.version,
        go: 'go1.24.4',
      }),
      json({
        level: 'info',
        ts: epoch(at + 40),
        caller: 'config/load.go:71',
        msg: 'configuration loaded',
        source: 'env',
      }),
      json({
        level: 'debug',
        ts: epoch(at + 90),
        caller: 'db/pool.go:33',
        msg: 'opening database pool',
        max_conns: 20,
      }),
      json({ level: 'info', ts: epoch(at + 350), caller: 'db/pool.go:52', msg: 'database connection established' }),
      json({ level: 'info', ts: epoch(at + 420), caller: 'server/http.go:88', msg: 'listening', addr: ':8080' }),
      json({
        level: 'info',
        ts: epoch(at + 425),
        caller: 'server/metrics.go:27',
        msg: 'metrics endpoint ready',
        addr: ':9090',
      }),
    ],
    line: (ctx, rng, at) => {
      const r = rng.next();
      if (r < 0.04)
        return `${iso(at).slice(0, 19).replace('T', ' ').replace(/-/g, '/')} http: TLS handshake error from ${peerIp(rng)}:${rng.int(30000, 60000)}: EOF`;
      if (r < 0.14)
        return json({
          level: 'debug',
          ts: epoch(at),
          caller: 'cache/redis.go:64',
          msg: 'cache lookup',
          hit: rng.chance(0.8),
          key_prefix: ctx.app,
        });
      if (r < 0.9) {
        const status = httpStatus(rng);
        return json({
          level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
          ts: epoch(at),
          caller: 'server/middleware.go:142',
          msg: 'request completed',
          method: rng.pick(['GET', 'GET', 'GET', 'POST', 'PUT']),
          path: apiPath(ctx, rng),
          status,
          duration_ms: latency(rng, 250),
          request_id: rng.hex(16),
        });
      }
      if (r < 0.97)
        return json({
          level: 'warn',
          ts: epoch(at),
          caller: 'db/pool.go:97',
          msg: 'slow query',
          duration_ms: rng.int(500, 3000),
          table: rng.pick(['orders', 'carts', 'products', 'sessions']),
        });
      return json({
        level: 'error',
        ts: epoch(at),
        caller: 'client/retry.go:58',
        msg: 'upstream call failed, retrying',
        upstream: rng.pick(['payments-provider', 'catalog', 'redis-cache']),
        error: 'context deadline exceeded',
        attempt: rng.int(1, 3),
      });
    },
  },

  nodeWorker: {
    intervalMs: 5 * SECOND,
    density: 0.7,
    startup: (ctx, at) => [
      '',
      `> ${ctx.app}@${ctx.version} start`,
      '> node dist/index.js',
      '',
      json({ level: 'info', ts: epoch(at + 180), msg: `starting ${ctx.app}`, version: ctx.version, pid: 1 }),
      'loading configuration from environment',
    ],
    line: (ctx, rng, at) =>
      rng.chance(0.8)
        ? json({
            level: 'info',
            ts: epoch(at),
            msg: 'processed payment intent',
            intent: `pi_${rng.hex(12)}`,
            ms: latency(rng, 400),
          })
        : `[queue] lag ${rng.int(0, 40)} messages on payments.intents`,
    crash: (ctx, at) => [
      json({
        level: 'error',
        ts: epoch(at),
        msg: 'invalid configuration',
        key: 'PAYMENTS_PROVIDER_URL',
        value: 'htps://api.payments.example.com/v2',
      }),
      ...nodeTrace(
        'ConfigError: PAYMENTS_PROVIDER_URL is not a valid URL: htps://api.payments.example.com/v2',
        'throw new ConfigError(`${key} is not a valid URL: ${raw}`);',
        [
          '    at parseUrl (/app/dist/config.js:48:11)',
          '    at loadConfig (/app/dist/config.js:112:24)',
          '    at main (/app/dist/index.js:17:18)',
          '    at Object.<anonymous> (/app/dist/index.js:64:1)',
          '    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
          '    at Object..js (node:internal/modules/cjs/loader:1706:10)',
          '    at Module.load (node:internal/modules/cjs/loader:1289:32)',
          '    at Function._load (node:internal/modules/cjs/loader:1108:12)',
        ],
      ),
      'npm error path /app',
      'npm error command failed',
      'npm error command sh -c node dist/index.js',
      `npm error A complete log of this run can be found in: /root/.npm/_logs/${iso(at).replace(/:/g, '_')}-debug-0.log`,
      'process exited with code 1',
    ],
  },

  jvm: {
    intervalMs: 4 * SECOND,
    density: 0.75,
    startup: (ctx, at) => {
      const head = (ms: number, level: string, thread: string, logger: string): string =>
        `${iso(ms)}  ${level.padStart(5)} 1 --- [${ctx.app}] [${thread.padStart(15)}] ${logger.padEnd(40)} :`;
      return [
        '',
        '  .   ____          _            __ _ _',
        " /\\\\ / ___'_ __ _ _(_)_ __  __ _ \\ \\ \\ \\",
        "( ( )\\___ | '_ | '_| | '_ \\/ _` | \\ \\ \\ \\",
        ' \\\\/  ___)| |_)| | | | | || (_| |  ) ) ) )',
        "  '  |____| .__|_| |_|_| |_\\__, | / / / /",
        ' =========|_|==============|___/=/_/_/_/',
        '',
        ' :: Spring Boot ::                (v3.4.1)',
        '',
        `${head(at + 900, 'INFO', 'main', 'c.o.search.SearchApplication')} Starting SearchApplication v${ctx.version} using Java 21.0.5 with PID 1`,
        `${head(at + 2400, 'INFO', 'main', 'c.o.search.index.IndexLoader')} Loading 12 index shards into memory`,
        `${head(at + 7800, 'INFO', 'main', 'o.s.b.w.embedded.tomcat.TomcatWebServer')} Tomcat started on port 8080 (http) with context path '/'`,
        `${head(at + 7900, 'INFO', 'main', 'c.o.search.SearchApplication')} Started SearchApplication in 8.123 seconds (process running for 8.9)`,
      ];
    },
    line: (ctx, rng, at, instance) => {
      const head = (level: string, thread: string, logger: string): string =>
        `${iso(at)}  ${level.padStart(5)} 1 --- [${ctx.app}] [${thread.padStart(15)}] ${logger.padEnd(40)} :`;
      // Heap pressure grows over a run: the warnings thicken before the kernel kills the process.
      const minutes = (at - instance.startedAt) / 60_000;
      if (rng.chance(Math.min(0.6, 0.05 + minutes / 40))) {
        return `${head('WARN', `Thread-${rng.int(3, 20)}`, 'c.o.search.index.IndexCache')} heap usage at ${Math.min(99, 70 + Math.round(minutes * 1.2))}%, evicting ${rng.int(500, 4000)} entries`;
      }
      const query = rng.pick(['red shoes', 'winter jacket', 'usb-c cable', 'running socks', 'gift card', 'desk lamp']);
      return `${head('INFO', `nio-8080-exec-${rng.int(1, 10)}`, 'c.o.search.api.SearchController')} query="${query}" hits=${rng.int(0, 400)} took=${rng.int(3, 180)}ms`;
    },
  },

  redis: {
    intervalMs: 60 * SECOND,
    density: 0.35,
    startup: (_ctx, at) => [
      `1:C ${redisTime(at)} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
      `1:C ${redisTime(at + 1)} * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started`,
      `1:C ${redisTime(at + 1)} * Configuration loaded`,
      `1:M ${redisTime(at + 3)} * monotonic clock: POSIX clock_gettime`,
      `1:M ${redisTime(at + 4)} * Running mode=standalone, port=6379.`,
      `1:M ${redisTime(at + 5)} * Server initialized`,
      `1:M ${redisTime(at + 9)} * Ready to accept connections tcp`,
    ],
    line: (_ctx, rng, at) => {
      const pid = rng.int(20, 9000);
      return rng.pick([
        `1:M ${redisTime(at)} * 100 changes in 300 seconds. Saving...`,
        `1:M ${redisTime(at)} * Background saving started by pid ${pid}`,
        `${pid}:C ${redisTime(at)} * DB saved on disk`,
        `1:M ${redisTime(at)} * Background saving terminated with success`,
      ]);
    },
  },

  postgres: {
    intervalMs: 30 * SECOND,
    density: 0.4,
    startup: (_ctx, at) => {
      const ts = (ms: number): string => `${iso(ms).replace('T', ' ').slice(0, 23)} UTC`;
      return [
        `${ts(at)} [1] LOG:  starting PostgreSQL 16.4 (Debian 16.4-1.pgdg120+2) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`,
        `${ts(at + 3)} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`,
        `${ts(at + 3)} [1] LOG:  listening on IPv6 address "::", port 5432`,
        `${ts(at + 6)} [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"`,
        `${ts(at + 14)} [29] LOG:  database system was shut down at ${ts(at - 4000)}`,
        `${ts(at + 25)} [1] LOG:  database system is ready to accept connections`,
      ];
    },
    line: (_ctx, rng, at) => {
      const ts = `${iso(at).replace('T', ' ').slice(0, 23)} UTC`;
      const r = rng.next();
      if (r < 0.45) return `${ts} [27] LOG:  checkpoint starting: time`;
      if (r < 0.9) {
        const buffers = rng.int(20, 900);
        return `${ts} [27] LOG:  checkpoint complete: wrote ${buffers} buffers (${(buffers / 163.84).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(0, 2)} recycled; write=${(buffers / 10).toFixed(3)} s, sync=0.004 s, total=${(buffers / 10 + 0.01).toFixed(3)} s`;
      }
      return `${ts} [${rng.int(100, 4000)}] ERROR:  duplicate key value violates unique constraint "orders_idempotency_key_key"`;
    },
  },

  nginx: {
    intervalMs: 6 * SECOND,
    density: 0.6,
    startup: (_ctx, at) => {
      const t = iso(at).slice(0, 19).replace('T', ' ').replace(/-/g, '/');
      return [
        '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
        '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
        '/docker-entrypoint.sh: Configuration complete; ready for start up',
        `${t} [notice] 1#1: using the "epoll" event method`,
        `${t} [notice] 1#1: nginx/1.27.3`,
        `${t} [notice] 1#1: start worker processes`,
      ];
    },
    line: (_ctx, rng, at) =>
      `${peerIp(rng)} - - [${clf(at)}] "GET ${rng.pick(['/', '/index.html', '/healthz', '/favicon.ico'])} HTTP/1.1" ${httpStatus(rng)} ${rng.int(
        150,
        4000,
      )} "-" "${rng.pick(USER_AGENTS)}" "-"`,
  },

  coredns: {
    intervalMs: 4 * SECOND,
    density: 0.7,
    startup: () => [
      '.:53',
      '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908',
      'CoreDNS-1.12.1',
      'linux/amd64, go1.24.1, 707c7c1',
    ],
    line: (_ctx, rng) => {
      const svc = rng.pick([
        'checkout-api.production.svc.cluster.local.',
        'catalog.production.svc.cluster.local.',
        'redis-cache.production.svc.cluster.local.',
        'postgres.production.svc.cluster.local.',
        'api.payments.example.com.',
        'checkout-db.staging.svc.cluster.local.',
      ]);
      const nx = svc.startsWith('checkout-db');
      return `[INFO] ${peerIp(rng)}:${rng.int(30000, 60000)} - ${rng.int(1, 65535)} "${rng.pick(['A', 'AAAA'])} IN ${svc} udp ${rng.int(
        50,
        90,
      )} false 512" ${nx ? 'NXDOMAIN' : 'NOERROR'} qr,aa,rd ${rng.int(100, 180)} 0.000${rng.int(100, 999)}s`;
    },
  },

  klog: {
    intervalMs: 20 * SECOND,
    density: 0.6,
    startup: (ctx, at) => [
      `I${klogTime(at)}       1 flags.go:64] FLAG: --v="2"`,
      `I${klogTime(at + 80)}       1 server.go:${ctx.container === 'kube-proxy' ? 712 : 154}] "Version info" version="v1.36.3"`,
      `I${klogTime(at + 200)}       1 leaderelection.go:257] "Attempting to acquire leader lease" lease="kube-system/${ctx.container}"`,
    ],
    line: (ctx, rng, at) => {
      const lines: Record<string, string[]> = {
        'kube-proxy': [
          `proxier.go:805] "SyncProxyRules complete" elapsed="${rng.int(4, 40)}.${rng.int(100, 999)}ms"`,
          `proxier.go:799] "Syncing iptables rules"`,
        ],
        'kube-apiserver': [
          `httplog.go:134] "HTTP" verb="LIST" URI="/api/v1/pods?limit=500" latency="${rng.int(2, 90)}.${rng.int(100, 999)}ms" userAgent="orphelix" audit-ID="${rng.hex(8)}" srcIP="172.18.0.1:${rng.int(30000, 60000)}" resp=200`,
          `controller.go:615] quota admission added evaluator for: replicasets.apps`,
        ],
        'kube-controller-manager': [
          `replica_set.go:679] "Finished syncing" logger="replicaset-controller" kind="ReplicaSet" key="production/checkout-api" duration="${rng.int(50, 900)}µs"`,
          `node_lifecycle_controller.go:1041] "Node is unresponsive. Adding it to the Taint queue" logger="node-lifecycle-controller" node="demo-worker-3"`,
        ],
        'kube-scheduler': [
          `schedule_one.go:1055] "Unable to schedule pod; no fit; waiting" pod="production/ml-ranker" err="0/4 nodes are available: 1 Insufficient memory."`,
        ],
        'node-problem-detector': [
          `log_monitor.go:159] New status generated: &{Source:kernel-monitor Events:[] Conditions:[{Type:KernelDeadlock Status:False Reason:KernelHasNoDeadlock}]}`,
          `plugin.go:130] Start log monitor /config/kernel-monitor.json`,
        ],
        'metrics-server': [
          `scraper.go:147] "Failed to scrape node" err="Get \\"https://172.18.0.5:10250/metrics/resource\\": dial tcp 172.18.0.5:10250: connect: no route to host" node="demo-worker-3"`,
          `server.go:191] "Scrape finished" duration="${rng.int(40, 400)}ms" nodeCount=3 podCount=${rng.int(40, 60)}`,
        ],
      };
      const severity = ctx.container === 'metrics-server' && rng.chance(0.5) ? 'E' : 'I';
      return `${severity}${klogTime(at)}       1 ${rng.pick(lines[ctx.container] ?? lines['kube-proxy'])}`;
    },
  },

  etcd: {
    intervalMs: 45 * SECOND,
    density: 0.6,
    startup: (_ctx, at) => [
      json({
        level: 'info',
        ts: iso(at),
        caller: 'etcdmain/etcd.go:73',
        msg: 'Running: ',
        args: ['etcd', '--advertise-client-urls=https://172.18.0.2:2379'],
      }),
      json({
        level: 'info',
        ts: iso(at + 300),
        caller: 'embed/serve.go:250',
        msg: 'serving client traffic securely',
        'traffic-type': 'grpc+http',
        address: '127.0.0.1:2379',
      }),
    ],
    line: (_ctx, rng, at) =>
      rng.chance(0.7)
        ? json({
            level: 'info',
            ts: iso(at),
            caller: 'mvcc/index.go:214',
            msg: 'compact tree index',
            revision: 100000 + (Math.floor(at / 5000) % 900000),
          })
        : json({
            level: 'info',
            ts: iso(at),
            caller: 'mvcc/kvstore_compaction.go:72',
            msg: 'finished scheduled compaction',
            'compact-revision': 100000 + (Math.floor(at / 5000) % 900000),
            took: `${rng.int(3, 40)}.${rng.int(100, 999)}ms`,
          }),
  },

  fluentBit: {
    intervalMs: 30 * SECOND,
    density: 0.5,
    startup: (_ctx, at) => {
      const t = `[${iso(at).slice(0, 19).replace('T', ' ').replace(/-/g, '/')}]`;
      return [
        'Fluent Bit v3.2.2',
        '* Copyright (C) 2015-2024 The Fluent Bit Authors',
        '',
        `${t} [ info] [fluent bit] version=3.2.2, commit=a59c8c2d4e, pid=1`,
        `${t} [ info] [storage] ver=1.5.2, type=memory, sync=normal, checksum=off, max_chunks_up=128`,
        `${t} [ info] [output:es:es.0] worker #0 started`,
        `${t} [ info] [sp] stream processor started`,
      ];
    },
    line: (ctx, rng, at) => {
      const t = `[${iso(at).slice(0, 19).replace('T', ' ').replace(/-/g, '/')}]`;
      return rng.chance(0.7)
        ? `${t} [ info] [input:tail:tail.0] inotify_fs_add(): inode=${rng.int(100000, 999999)} watch_fd=${rng.int(5, 60)} name=/var/log/containers/${ctx.nodeName}_${rng.hex(8)}.log`
        : `${t} [ warn] [engine] failed to flush chunk '1-${Math.floor(at / 1000)}.${rng.int(100000, 999999)}.flb', retry in ${rng.pick([10, 20, 40])} seconds: task_id=${rng.int(0, 9)}, input=tail.0 > output=es.0 (out_id=0)`;
    },
  },

  nodeExporter: {
    intervalMs: 60 * SECOND,
    density: 0,
    startup: (_ctx, at) => [
      `ts=${iso(at)} caller=node_exporter.go:193 level=info msg="Starting node_exporter" version="(version=1.8.2, branch=HEAD, revision=f1e0e8360aa60b6cb5e5cc1560bed348fc2c1895)"`,
      `ts=${iso(at + 2)} caller=node_exporter.go:111 level=info msg="Enabled collectors"`,
      `ts=${iso(at + 9)} caller=tls_config.go:313 level=info msg="Listening on" address=[::]:9100`,
      `ts=${iso(at + 9)} caller=tls_config.go:316 level=info msg="TLS is disabled." http2=false address=[::]:9100`,
    ],
    line: () => '',
  },

  ingressNginx: {
    intervalMs: 1500,
    density: 0.9,
    startup: () => [
      '-------------------------------------------------------------------------------',
      'NGINX Ingress controller',
      '  Release:       v1.12.0',
      '  Build:         ba73b2c24d355f1cdcf4b31ef7c5574059f12118',
      '  Repository:    https://github.com/kubernetes/ingress-nginx',
      '  nginx version: nginx/1.25.5',
      '-------------------------------------------------------------------------------',
    ],
    line: (_ctx, rng, at) => {
      const routes: [string, string, string][] = [
        ['shop.example.com', '/', 'production-storefront-80'],
        ['shop.example.com', '/api/catalog/products', 'production-catalog-80'],
        ['shop.example.com', '/api/checkout/cart', 'production-checkout-api-80'],
        ['auth.example.com', '/v1/token', 'production-auth-80'],
        ['staging.shop.example.com', '/', 'staging-storefront-80'],
      ];
      const [host, path, upstream] = rng.pick(routes);
      const status = httpStatus(rng);
      const size = rng.int(300, 30000);
      const secs = (latency(rng, 400) / 1000).toFixed(3);
      return `${publicIp(rng)} - - [${clf(at)}] "GET ${path} HTTP/2.0" ${status} ${size} "https://${host}/" "${rng.pick(USER_AGENTS)}" ${rng.int(
        200,
        600,
      )} ${secs} [${upstream}] [] ${peerIp(rng)}:8080 ${size} ${secs} ${status} ${rng.hex(32)}`;
    },
  },

  statsd: {
    intervalMs: 120 * SECOND,
    density: 0.3,
    startup: (_ctx, at) => [
      `ts=${iso(at)} caller=main.go:321 level=info msg="Starting StatsD -> Prometheus Exporter" version="(version=0.28.0)"`,
      `ts=${iso(at + 5)} caller=main.go:458 level=info msg="Accepting StatsD Traffic" udp=:9125 tcp=:9125 unixgram=`,
      `ts=${iso(at + 5)} caller=main.go:459 level=info msg="Accepting Prometheus Requests" addr=:9102`,
    ],
    line: (_ctx, rng, at) =>
      `ts=${iso(at)} caller=exporter.go:89 level=debug msg="metrics flushed" count=${rng.int(20, 90)}`,
  },

  waitFor: {
    intervalMs: 2 * SECOND,
    density: 1,
    startup: () => [],
    line: () => 'waiting for checkout-db:5432...',
  },

  migration: {
    intervalMs: 2 * SECOND,
    density: 0.9,
    startup: (ctx, at) => [
      json({
        level: 'info',
        ts: epoch(at),
        msg: 'connecting to database',
        host: 'postgres.production.svc.cluster.local',
      }),
      json({ level: 'info', ts: epoch(at + 300), msg: 'current schema version', version: 141 }),
    ],
    line: (_ctx, rng, at) =>
      json({
        level: 'info',
        ts: epoch(at),
        msg: 'applying migration',
        version: rng.int(142, 146),
        name: rng.pick(['add_orders_idempotency_key', 'backfill_cart_currency', 'index_products_sku']),
      }),
    finish: (_ctx, at) => [
      json({ level: 'info', ts: epoch(at), msg: 'migrations complete', version: 146, applied: 5 }),
    ],
  },

  backup: {
    intervalMs: 5 * SECOND,
    density: 0.9,
    startup: (_ctx, at) => [
      `${iso(at)} starting logical backup of database "shop"`,
      `${iso(at + 200)} pg_dump: dumping contents of table "public.orders"`,
    ],
    line: (_ctx, rng, at) =>
      `${iso(at)} pg_dump: dumping contents of table "public.${rng.pick(['order_items', 'carts', 'products', 'customers', 'payments'])}"`,
    finish: (_ctx, at) => [
      `${iso(at - 800)} uploading shop-${iso(at).slice(0, 10)}.dump.gz (412 MiB) to s3://orphelix-demo-backups/postgres/`,
      `${iso(at)} backup complete`,
    ],
  },

  report: {
    intervalMs: 5 * SECOND,
    density: 0.8,
    startup: (_ctx, at) => [json({ level: 'info', ts: epoch(at), msg: 'generating hourly sales report' })],
    line: (_ctx, rng, at) =>
      json({
        level: 'info',
        ts: epoch(at),
        msg: 'aggregated orders',
        region: rng.pick(['eu', 'us', 'apac']),
        orders: rng.int(10, 900),
      }),
    finish: (_ctx, at) => [
      json({ level: 'info', ts: epoch(at), msg: 'report uploaded', object: 'reports/sales-hourly.csv' }),
    ],
  },

  seedData: {
    intervalMs: 2 * SECOND,
    density: 0.5,
    startup: () => ['Seeding staging with fixture set "checkout-e2e" (1200 orders)'],
    line: () => 'connecting to checkout-db:5432 ...',
    crash: () => [
      'Traceback (most recent call last):',
      '  File "/app/seed.py", line 88, in <module>',
      '    main()',
      '  File "/app/seed.py", line 41, in main',
      '    conn = psycopg.connect(os.environ["DATABASE_URL"])',
      '  File "/usr/local/lib/python3.12/site-packages/psycopg/connection.py", line 119, in connect',
      '    raise last_ex.with_traceback(None)',
      'psycopg.OperationalError: connection failed: could not translate host name "checkout-db" to address: Name or service not known',
    ],
  },

  reindex: {
    intervalMs: 10 * SECOND,
    density: 1,
    startup: (_ctx, at) => [
      json({ level: 'info', ts: epoch(at), msg: 'starting full reindex', source: 'catalog', shards: 12 }),
    ],
    line: (_ctx, _rng, at, instance) => {
      const done = Math.min(100, Math.floor((at - instance.startedAt) / 36_000));
      return json({ level: 'info', ts: epoch(at), msg: 'reindex progress', percent: done, docs: done * 4210 });
    },
    finish: (_ctx, at) => [json({ level: 'info', ts: epoch(at), msg: 'reindex complete', docs: 421000 })],
  },
};

/** How long the startup burst of a profile lasts; steady lines start after it. */
const STARTUP_SPAN_MS = 10 * SECOND;

export interface RunLogOptions {
  /** Only lines at or after this time. */
  sinceMs?: number;
  /** Only the last n lines. */
  tailLines?: number;
}

/**
 * The lines one run of a container wrote between its start and `endMs` (its exit, or now).
 */
export function runLogs(
  profile: LogProfile,
  ctx: LogContext,
  instance: Instance,
  endMs: number,
  options: RunLogOptions = {},
): LogLine[] {
  const def = PROFILES[profile];
  const start = instance.startedAt;
  const limit = Math.min(options.tailLines ?? Infinity, MAX_LINES_PER_RUN);
  const since = options.sinceMs ?? -Infinity;
  if (limit <= 0) return [];
  // Sub-millisecond digits: arbitrary but stable, and increasing within a burst written in the same millisecond.
  const nanosOf = (ms: number, i: number): number => (seedOf(ctx.seed, ms) % 900) * 1000 + i * 7;

  // Collected newest first, so that a tail never generates more than it returns.
  const out: LogLine[] = [];
  const push = (ms: number, text: string, i: number): boolean => {
    if (ms < since || out.length >= limit) return false;
    out.push({ ms, nanos: nanosOf(ms, i), text });
    return true;
  };

  const finished = instance.finishedAt !== undefined && instance.finishedAt <= endMs;
  if (finished) {
    const tail =
      instance.exitCode === 0
        ? (def.finish?.(ctx, endMs) ?? [])
        : instance.reason === 'OOMKilled'
          ? []
          : (def.crash?.(ctx, endMs) ?? []);
    for (let i = tail.length - 1; i >= 0; i--) if (!push(endMs - 1, tail[i], i)) return finish(out);
  }

  if (def.density > 0) {
    const first = Math.ceil((start + STARTUP_SPAN_MS) / def.intervalMs);
    for (let slot = Math.floor(endMs / def.intervalMs); slot >= first; slot--) {
      const rng = new Prng(seedOf(ctx.seed, ctx.container, slot));
      const at = slot * def.intervalMs + Math.floor(rng.next() * def.intervalMs * 0.8);
      if (at >= endMs || at < start + STARTUP_SPAN_MS) continue;
      if (at < since || out.length >= limit) return finish(out);
      if (rng.next() >= def.density) continue;
      push(at, def.line(ctx, rng, at, instance), 0);
    }
  }

  const startup = def.startup(ctx, start);
  for (let i = startup.length - 1; i >= 0; i--) {
    const at = start + 40 + i * 90;
    if (at < endMs && !push(at, startup[i], i)) break;
  }
  return finish(out);
}

function finish(newestFirst: LogLine[]): LogLine[] {
  return newestFirst.reverse();
}

/** Log lines as the apiserver returns them: one per line, each ended by a newline. */
export function formatLogLines(lines: LogLine[], timestamps: boolean): string {
  return lines.map((l) => (timestamps ? `${rfc3339NanoFixed(l.ms, l.nanos)} ${l.text}\n` : `${l.text}\n`)).join('');
}
