import { conditionTone, describeCron, formatBytes, headerStatus, isLong, metricShare, newestFirst, objectRoute, ownerChain, parseQuantity, probeParams, quotaUsage, rolloutProgress, stateText, stateTone, throttle } from './detail-logic';

describe('describeCron', () => {
  it.each([
    ['* * * * *', 'Every minute'],
    ['*/5 * * * *', 'Every 5 minutes'],
    ['0 * * * *', 'Every hour'],
    ['15 * * * *', 'Every hour at minute 15'],
    ['0 */6 * * *', 'Every 6 hours'],
    ['30 */2 * * *', 'Every 2 hours at minute 30'],
    ['0 2 * * *', 'Every day at 02:00'],
    ['30 9 * * 1-5', 'Every weekday at 09:30'],
    ['0 3 * * 0', 'Every Sunday at 03:00'],
    ['0 3 * * 7', 'Every Sunday at 03:00'],
    ['0 4 1 * *', 'Every month on the 1st at 04:00'],
    ['0 4 22 * *', 'Every month on the 22nd at 04:00'],
    ['@daily', 'Every day at midnight'],
    ['@hourly', 'Every hour'],
    ['@every 1h30m', 'Every 1h30m'],
    ['TZ=Europe/Paris 0 2 * * *', 'Every day at 02:00'],
    ['0 2 1 1 *', 'Custom schedule'],
    ['5,35 * * * *', 'Custom schedule'],
    ['not a cron', 'Custom schedule'],
    ['', 'No schedule'],
  ])('%s → %s', (expr, text) => {
    expect(describeCron(expr)).toBe(text);
  });
});

describe('ownerChain', () => {
  it('is empty for a bare pod', () => {
    expect(ownerChain(null, 'shop')).toEqual([]);
  });
  it('goes from the ReplicaSet to its Deployment when the ReplicaSet says so', () => {
    expect(ownerChain({ kind: 'ReplicaSet', name: 'web-7d9' }, 'shop', { ownerDeployment: 'web' })).toEqual([
      { kind: 'ReplicaSet', name: 'web-7d9', route: ['/', 'replicasets', 'shop', 'web-7d9'] },
      { kind: 'Deployment', name: 'web', route: ['/', 'deployments', 'shop', 'web'] },
    ]);
  });
  it('stops at the ReplicaSet without an owning Deployment', () => {
    expect(ownerChain({ kind: 'ReplicaSet', name: 'rs' }, 'shop', { ownerDeployment: null })).toHaveLength(1);
  });
  it('goes from a Job to its CronJob', () => {
    expect(ownerChain({ kind: 'Job', name: 'backup-1' }, 'ops', { ownerCronJob: 'backup' }).map((o) => o.kind)).toEqual(['Job', 'CronJob']);
  });
  it('has no route for kinds without a page', () => {
    expect(ownerChain({ kind: 'Rollout', name: 'r' }, 'ops')[0]?.route).toBeNull();
  });
});

describe('objectRoute', () => {
  it('leaves the namespace out for cluster-scoped kinds', () => {
    expect(objectRoute('Node', 'n1', 'ignored')).toEqual(['/', 'nodes', 'n1']);
    expect(objectRoute('Service', 'api', 'shop')).toEqual(['/', 'services', 'shop', 'api']);
    expect(objectRoute('Service', 'api', null)).toBeNull();
  });
});

describe('rolloutProgress', () => {
  it('is done when every count reaches desired', () => {
    const p = rolloutProgress({ desired: 3, updated: 3, ready: 3, available: 3 });
    expect(p.done).toBe(true);
    expect(p.readyPct).toBe(100);
    expect(p.text).toBe('3/3 updated · 3/3 ready · 3/3 available');
  });
  it('reports a rollout in progress', () => {
    const p = rolloutProgress({ desired: 4, updated: 2, ready: 3, available: 1 });
    expect(p.done).toBe(false);
    expect([p.updatedPct, p.readyPct, p.availablePct]).toEqual([50, 75, 25]);
    expect(p.text).toContain('rolling out');
  });
  it('caps surges at 100% and handles zero replicas', () => {
    expect(rolloutProgress({ desired: 2, updated: 3, ready: 3, available: 2 }).updatedPct).toBe(100);
    expect(rolloutProgress({ desired: 0, ready: 0 }).text).toBe('Scaled to zero');
  });
});

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['1Ki', 1024],
    ['2Gi', 2 * 2 ** 30],
    ['1.5G', 1.5e9],
    ['1e3', 1000],
    ['abc', null],
    ['', null],
  ])('%s → %s', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });
});

describe('quotaUsage', () => {
  it('computes the share of the hard limit across units', () => {
    expect(quotaUsage({ resource: 'requests.cpu', used: '500m', hard: '2' })).toMatchObject({ percent: 25, tone: 'ok' });
    expect(quotaUsage({ resource: 'requests.memory', used: '900Mi', hard: '1Gi' })).toMatchObject({ percent: 87.9, tone: 'warn' });
    expect(quotaUsage({ resource: 'pods', used: '10', hard: '10' })).toMatchObject({ percent: 100, tone: 'error' });
  });
  it('has no percentage for what it cannot read', () => {
    expect(quotaUsage({ resource: 'x', used: 'n/a', hard: '4' })).toMatchObject({ percent: null, tone: 'muted' });
  });
  it('treats a zero limit as full once anything is used', () => {
    expect(quotaUsage({ resource: 'services', used: '0', hard: '0' }).percent).toBe(0);
    expect(quotaUsage({ resource: 'services', used: '1', hard: '0' }).percent).toBe(100);
  });
});

describe('newestFirst', () => {
  it('orders by last occurrence, falling back to first and creation times', () => {
    const events = [
      { id: 'a', lastTimestamp: '2026-01-01T10:00:00Z' },
      { id: 'b', lastTimestamp: null, firstTimestamp: '2026-01-01T12:00:00Z' },
      { id: 'c', lastTimestamp: '2026-01-01T11:00:00Z' },
    ];
    expect(newestFirst(events).map((e) => e.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('formatBytes and isLong', () => {
  it('formats sizes', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(4300)).toBe('4.2 KiB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MiB');
  });
  it('calls long texts long', () => {
    expect(isLong('short')).toBe(false);
    expect(isLong('x\n'.repeat(20))).toBe(true);
  });
});

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  it('runs at once, then folds calls within the window into one', () => {
    const fn = vi.fn();
    const t = throttle(fn, 1000);
    t();
    t();
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(2);
    t.cancel();
  });
});

describe('container states', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  const base = { exitCode: null, finishedAt: null, message: null, reason: null, signal: null, startedAt: null };
  it('says what a container is doing', () => {
    expect(stateText({ ...base, state: 'running', startedAt: '2026-01-10T11:00:00Z' }, now)).toBe('Running for 60m');
    expect(stateText({ ...base, state: 'waiting', reason: 'CrashLoopBackOff' }, now)).toBe('Waiting: CrashLoopBackOff');
    expect(stateText({ ...base, state: 'terminated', reason: 'OOMKilled', exitCode: 137 }, now)).toBe('Terminated: OOMKilled (exit code 137)');
    expect(stateText(null, now)).toBe('Unknown');
  });
  it('colours them', () => {
    expect(stateTone({ ...base, state: 'running' }, true)).toBe('ok');
    expect(stateTone({ ...base, state: 'running' }, false)).toBe('warn');
    expect(stateTone({ ...base, state: 'waiting', reason: 'ImagePullBackOff' }, false)).toBe('error');
    expect(stateTone({ ...base, state: 'waiting', reason: 'ContainerCreating' }, false)).toBe('warn');
    expect(stateTone({ ...base, state: 'terminated', exitCode: 0 }, false)).toBe('info');
  });
  it('prints probe parameters', () => {
    const probe = { description: 'http-get :8080/healthz', exec: null, grpc: null, httpGet: null, tcpSocket: null, type: 'httpGet' as const, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };
    expect(probeParams(probe)).toBe('delay 5s · every 10s · timeout 1s · success 1 · failure 3');
  });
});

describe('conditionTone', () => {
  it('reads True as good except for pressure and failure conditions', () => {
    expect(conditionTone({ type: 'Ready', status: 'True' })).toBe('ok');
    expect(conditionTone({ type: 'Ready', status: 'False' })).toBe('warn');
    expect(conditionTone({ type: 'MemoryPressure', status: 'False' })).toBe('ok');
    expect(conditionTone({ type: 'DiskPressure', status: 'True' })).toBe('error');
    expect(conditionTone({ type: 'ReplicaFailure', status: 'True' })).toBe('error');
    expect(conditionTone({ type: 'Ready', status: 'Unknown' })).toBe('warn');
  });
});

describe('metricShare', () => {
  const v = (averageUtilization: number | null, averageValue: string | null = null) => ({ averageUtilization, averageValue, value: null });
  it('compares current with target', () => {
    expect(metricShare({ current: v(63), target: v(65) })).toBe(97);
    expect(metricShare({ current: v(null, '750m'), target: v(null, '500m') })).toBe(150);
    expect(metricShare({ current: null, target: v(80) })).toBeNull();
  });
});

describe('headerStatus', () => {
  it('uses the status, or what stands for it in kinds without one', () => {
    expect(headerStatus('deployments', { status: 'Available' })).toBe('Available');
    expect(headerStatus('deployments', { status: 'Available', deletedAt: '2026-01-01T00:00:00Z' })).toBe('Terminating');
    expect(headerStatus('cronjobs', { suspend: true })).toBe('Suspended');
    expect(headerStatus('events', { type: 'Warning' })).toBe('Warning');
    expect(headerStatus('hpa', { currentReplicas: 2, desiredReplicas: 4 })).toBe('Scaling');
    expect(headerStatus('configmaps', {})).toBeNull();
  });
});
