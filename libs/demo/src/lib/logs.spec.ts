import type { V1Pod } from '@kubernetes/client-node';
import { isClusterError, type ClusterError } from '@orphelix/k8s';
import { DemoCluster } from './demo-cluster';

const START = new Date('2026-11-27T10:17:00Z');
const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) /;

async function failure(promise: Promise<unknown>): Promise<ClusterError> {
  try {
    await promise;
  } catch (error) {
    if (isClusterError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const lines = (text: string): string[] => text.split('\n').slice(0, -1);

describe('pod logs', () => {
  let now: Date;
  let cluster: DemoCluster;
  const pod = async (namespace: string, selector: string, index = 0): Promise<V1Pod> =>
    (await cluster.list('demo', 'pods', { namespace, labelSelector: selector })).items[index];
  const podName = async (namespace: string, selector: string): Promise<string> =>
    (await pod(namespace, selector)).metadata?.name ?? '';

  beforeEach(() => {
    now = START;
    cluster = new DemoCluster({ seed: 3, now: () => now });
  });

  it('returns the container output as text, one line per entry, newline-terminated', async () => {
    const text = await cluster.podLogs('demo', 'production', await podName('production', 'app=catalog'), {});
    expect(text.endsWith('\n')).toBe(true);
    expect(lines(text).length).toBeGreaterThan(100);
    expect(text).not.toMatch(STAMP);
  });

  it('mixes plain text and JSON lines with levels for a healthy web app', async () => {
    const text = await cluster.podLogs('demo', 'production', await podName('production', 'app=storefront'), {
      tailLines: 400,
    });
    const json = lines(text)
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: string; msg: string; ts: number });
    const plain = lines(text).filter((l) => !l.startsWith('{'));
    expect(json.length).toBeGreaterThan(20);
    expect(plain.length).toBeGreaterThan(20);
    expect(new Set(json.map((j) => j.level))).toEqual(new Set(['debug', 'info', 'warn', 'error']));
    expect(json.every((j) => typeof j.msg === 'string' && typeof j.ts === 'number')).toBe(true);
  });

  it('keeps the last tailLines lines', async () => {
    const name = await podName('production', 'app=auth');
    const all = lines(await cluster.podLogs('demo', 'production', name, {}));
    const tail = lines(await cluster.podLogs('demo', 'production', name, { tailLines: 7 }));
    expect(tail).toEqual(all.slice(-7));
    expect(await cluster.podLogs('demo', 'production', name, { tailLines: 0 })).toBe('');
  });

  it('prefixes RFC3339Nano timestamps and a space when asked, in order', async () => {
    const name = await podName('production', 'app=auth');
    const plain = lines(await cluster.podLogs('demo', 'production', name, { tailLines: 20 }));
    const stamped = lines(await cluster.podLogs('demo', 'production', name, { tailLines: 20, timestamps: true }));
    const stamps = stamped.map((l) => STAMP.exec(l)?.[1] ?? 'missing');
    expect(stamps).not.toContain('missing');
    expect(stamped.map((l) => l.replace(STAMP, ''))).toEqual(plain);
    expect(stamps).toEqual([...stamps].sort());
    expect(Date.parse(stamps[stamps.length - 1])).toBeLessThanOrEqual(now.getTime());
  });

  it('keeps only lines newer than sinceSeconds', async () => {
    const name = await podName('production', 'app=storefront');
    const recent = lines(await cluster.podLogs('demo', 'production', name, { sinceSeconds: 60, timestamps: true }));
    expect(recent.length).toBeGreaterThan(5);
    expect(recent.length).toBeLessThan(60);
    for (const l of recent) expect(Date.parse(STAMP.exec(l)?.[1] ?? '')).toBeGreaterThanOrEqual(now.getTime() - 60_000);
    const wider = lines(await cluster.podLogs('demo', 'production', name, { sinceSeconds: 600 }));
    expect(wider.length).toBeGreaterThan(recent.length * 5);
  });

  it('gives the same text twice, and new lines once the clock moves', async () => {
    const name = await podName('production', 'app=storefront');
    const first = await cluster.podLogs('demo', 'production', name, { timestamps: true, tailLines: 50 });
    expect(await cluster.podLogs('demo', 'production', name, { timestamps: true, tailLines: 50 })).toBe(first);
    now = new Date(START.getTime() + 30_000);
    const later = lines(await cluster.podLogs('demo', 'production', name, { timestamps: true, tailLines: 50 }));
    const last = lines(first)[49];
    expect(later).toContain(last);
    expect(later.indexOf(last)).toBeLessThan(49);
  });

  it('shows the previous instance of a crash-looping container ending in its stack trace', async () => {
    const crashing = await podName('production', 'app=payments-worker');
    const previous = lines(
      await cluster.podLogs('demo', 'production', crashing, { container: 'worker', previous: true }),
    );
    expect(previous).toContain(
      'ConfigError: PAYMENTS_PROVIDER_URL is not a valid URL: htps://api.payments.example.com/v2',
    );
    expect(previous.some((l) => l.startsWith('    at '))).toBe(true);
    expect(previous[previous.length - 1]).toBe('process exited with code 1');
    // In back-off, the current logs are those of the run that just crashed, as the kubelet serves them.
    expect(lines(await cluster.podLogs('demo', 'production', crashing, { container: 'worker' }))).toEqual(previous);
  });

  it('refuses previous logs of a container that never restarted, rather than inventing some', async () => {
    const healthy = await podName('production', 'app=storefront');
    const error = await failure(cluster.podLogs('demo', 'production', healthy, { previous: true }));
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toBe(`previous terminated container "web" in pod "${healthy}" not found`);
    expect(error.details).toEqual({ fields: [{ field: 'previous', message: error.message }] });
  });

  it('rejects an unknown container, and a missing one when the pod has several', async () => {
    const crashing = await podName('production', 'app=payments-worker');
    const unknown = await failure(cluster.podLogs('demo', 'production', crashing, { container: 'nginx' }));
    expect(unknown.code).toBe('VALIDATION_ERROR');
    expect(unknown.details).toEqual({
      fields: [{ field: 'container', message: `container nginx is not valid for pod ${crashing}` }],
    });
    const ambiguous = await failure(cluster.podLogs('demo', 'production', crashing, {}));
    expect(ambiguous.message).toContain('choose one of: [worker statsd-exporter]');
    const sidecar = await cluster.podLogs('demo', 'production', crashing, { container: 'statsd-exporter' });
    expect(sidecar).toContain('Accepting StatsD Traffic');
  });

  it('answers like the kubelet for containers that have not started', async () => {
    const pulling = await podName('staging', 'app=notification-service');
    expect((await failure(cluster.podLogs('demo', 'staging', pulling, {}))).message).toMatch(
      /is waiting to start: (image can't be pulled|trying and failing to pull image)$/,
    );
    const initializing = await podName('staging', 'app=checkout-api');
    expect((await failure(cluster.podLogs('demo', 'staging', initializing, { container: 'api' }))).message).toContain(
      'is waiting to start: PodInitializing',
    );
    expect(
      lines(await cluster.podLogs('demo', 'staging', initializing, { container: 'wait-for-db', tailLines: 2 })),
    ).toEqual(['waiting for checkout-db:5432...', 'waiting for checkout-db:5432...']);
    const pending = await podName('production', 'app=ml-ranker');
    expect((await failure(cluster.podLogs('demo', 'production', pending, {}))).details).toMatchObject({
      fields: [{ field: 'pod' }],
    });
  });

  it('serves the output of finished containers', async () => {
    const failed = (await cluster.list('demo', 'pods', { namespace: 'staging', fieldSelector: 'status.phase=Failed' }))
      .items[0];
    const text = lines(await cluster.podLogs('demo', 'staging', failed.metadata?.name ?? '', {}));
    expect(text[text.length - 1]).toContain('psycopg.OperationalError');
    const done = (
      await cluster.list('demo', 'pods', { namespace: 'production', labelSelector: 'job-name=checkout-migrate-2-8-1' })
    ).items[0];
    expect(await cluster.podLogs('demo', 'production', done.metadata?.name ?? '', {})).toContain('migrations complete');
  });

  it('answers NOT_FOUND for a missing pod and rejects bad options', async () => {
    expect((await failure(cluster.podLogs('demo', 'production', 'nope', {}))).code).toBe('NOT_FOUND');
    const name = await podName('production', 'app=auth');
    expect((await failure(cluster.podLogs('demo', 'production', name, { tailLines: -1 }))).details).toMatchObject({
      fields: [{ field: 'tailLines' }],
    });
    expect((await failure(cluster.podLogs('demo', 'production', name, { sinceSeconds: 0 }))).details).toMatchObject({
      fields: [{ field: 'sinceSeconds' }],
    });
  });
});
