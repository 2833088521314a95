import { checkout, recommendations, storefront } from '../../testing/lab';
import { analyze } from './analyze';

describe('crash-loop', () => {
  it('reports the lab checkout pod with its last termination, restarts and BackOff event', () => {
    const c = checkout();
    const findings = analyze({ pods: [c.pod], replicaSets: [c.replicaSet], events: c.events });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({
      id: 'crash-loop:Pod:shop/checkout-5f8d7c9b4-q7vxt:checkout',
      analyzer: 'crash-loop',
      severity: 'critical',
      object: { kind: 'Pod', namespace: 'shop', name: 'checkout-5f8d7c9b4-q7vxt' },
    });
    expect(f.evidence).toEqual(
      expect.arrayContaining([
        { field: 'status.containerStatuses[0].state.waiting.reason', value: 'CrashLoopBackOff' },
        { field: 'status.containerStatuses[0].restartCount', value: '6' },
        { field: 'status.containerStatuses[0].lastState.terminated.reason', value: 'Error' },
        { field: 'status.containerStatuses[0].lastState.terminated.exitCode', value: '1' },
        expect.objectContaining({ event: 'Warning BackOff', count: 26, lastSeen: '2026-11-27T14:10:00.000Z' }),
      ]),
    );
    // The Pulled event is not evidence of a crash.
    expect(f.evidence.some((e) => 'event' in e && e.event.includes('Pulled'))).toBe(false);
    expect(f.summary).toContain('exited with code 1 (Error)');
    expect(f.nextSteps).toEqual(
      expect.arrayContaining([
        expect.stringContaining('kubectl -n shop logs checkout-5f8d7c9b4-q7vxt -c checkout --previous'),
        expect.stringContaining('kubectl -n shop rollout undo deployment/checkout'),
      ]),
    );
  });

  it('says nothing about running pods', () => {
    const s = storefront();
    expect(analyze({ pods: s.pods, replicaSets: [s.replicaSet] })).toEqual([]);
  });

  it('leaves a crash loop caused by OOM kills to the oom-killed analyzer', () => {
    const r = recommendations();
    const status = r.pod.status?.containerStatuses?.[0];
    if (status) status.state = { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } };
    const findings = analyze({ pods: [r.pod] });
    expect(findings.map((f) => f.analyzer)).toEqual(['oom-killed']);
    expect(findings[0].evidence).toContainEqual({ field: 'status.containerStatuses[0].state.waiting.reason', value: 'CrashLoopBackOff' });
  });

  it('names an init container by its own status path', () => {
    const c = checkout();
    const main = c.pod.status?.containerStatuses?.[0];
    c.pod.spec = { ...c.pod.spec, containers: c.pod.spec?.containers ?? [], initContainers: [{ name: 'migrate', image: 'registry.lab.invalid/shop/migrate:1' }] };
    c.pod.status = {
      ...c.pod.status,
      initContainerStatuses: [{ ...main, name: 'migrate', image: 'registry.lab.invalid/shop/migrate:1' } as NonNullable<typeof main>],
      containerStatuses: [{ name: 'checkout', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
    };
    const [f] = analyze({ pods: [c.pod] });
    expect(f.id).toBe('crash-loop:Pod:shop/checkout-5f8d7c9b4-q7vxt:migrate');
    expect(f.evidence).toContainEqual({ field: 'status.initContainerStatuses[0].lastState.terminated.exitCode', value: '1' });
    expect(f.summary).toMatch(/^Init container migrate/);
  });
});
