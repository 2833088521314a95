import { event, storefront } from '../../testing/lab';
import { analyze } from './analyze';

describe('failing-probe', () => {
  it("reports a storefront pod whose readiness probe times out, with the kubelet's events and the probe", () => {
    const s = storefront();
    const p = s.pods[1];
    const status = p.status?.containerStatuses?.[0];
    if (status) status.ready = false;
    const ip = p.status?.podIP;
    const events = [
      event(p, {
        type: 'Warning',
        reason: 'Unhealthy',
        message: `Readiness probe failed: Get "http://${ip}:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        count: 14,
        component: 'kubelet',
        host: 'lab-node-2',
        fieldPath: 'spec.containers{storefront}',
      }),
    ];
    const findings = analyze({ pods: s.pods, events });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({
      id: `failing-probe:Pod:shop/${p.metadata?.name}:storefront:readiness`,
      analyzer: 'failing-probe',
      severity: 'warning',
      title: 'Readiness probe of storefront is failing',
    });
    expect(f.evidence).toEqual([
      expect.objectContaining({ event: 'Warning Unhealthy', count: 14, value: expect.stringContaining('context deadline exceeded') }),
      { field: 'spec.containers[0].readinessProbe', value: 'GET :8080/ready every 10s, timeout 1s, 3 failures' },
      { field: 'status.containerStatuses[0].ready', value: 'false' },
    ]);
    expect(f.summary).toContain('failed 14 times');
    expect(f.nextSteps.join('\n')).toContain('timeoutSeconds');
  });

  it('reports liveness and readiness failures of one container separately, liveness with its restarts', () => {
    const s = storefront();
    const p = s.pods[0];
    const status = p.status?.containerStatuses?.[0];
    if (status) status.restartCount = 4;
    const f = { type: 'Warning' as const, reason: 'Unhealthy', component: 'kubelet', fieldPath: 'spec.containers{storefront}' };
    const events = [
      event(p, { ...f, message: 'Liveness probe failed: HTTP probe failed with statuscode: 500', count: 12 }),
      event(p, { ...f, message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', count: 30 }),
      event(p, { type: 'Normal', reason: 'Killing', message: 'Container storefront failed liveness probe, will be restarted', count: 4, component: 'kubelet', fieldPath: 'spec.containers{storefront}' }),
    ];
    const findings = analyze({ pods: [p], events });
    expect(findings.map((x) => x.id.split(':').pop())).toEqual(['liveness', 'readiness']);
    expect(findings[0].evidence).toContainEqual({ field: 'status.containerStatuses[0].restartCount', value: '4' });
    expect(findings[0].evidence).toContainEqual({ field: 'spec.containers[0].livenessProbe', value: 'GET :8080/healthz every 20s, timeout 1s, 3 failures' });
    expect(findings[0].nextSteps.join('\n')).toContain('--previous');
  });

  it('says nothing without Unhealthy events, and ignores events of a previous pod with the same name', () => {
    const s = storefront();
    expect(analyze({ pods: s.pods, events: [] })).toEqual([]);
    const old = event(s.pods[0], { type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: connection refused', component: 'kubelet' });
    old.involvedObject.uid = 'an-earlier-pod';
    expect(analyze({ pods: s.pods, events: [old] })).toEqual([]);
  });
});
