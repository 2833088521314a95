import { analyze } from '../analyzers/analyze';
import { at, catalog, checkout, dbMigrate, event, labNode, reportExport, storefront } from '../../testing/lab';
import { buildEvidenceBundle, logTail, MAX_LOG_BYTES, type EvidenceInput } from './bundle';

type Obj = Record<string, unknown>;
const obj = (o: unknown): Obj => o as Obj;
const NOW = new Date('2026-11-27T14:10:30Z');

function checkoutInput(): EvidenceInput & { c: ReturnType<typeof checkout> } {
  const c = checkout();
  return {
    c,
    object: obj(c.pod),
    owners: [obj(c.replicaSet), obj(c.deployment)],
    events: c.events.map(obj),
    logs: [{ pod: 'checkout-5f8d7c9b4-q7vxt', container: 'checkout', previous: true, text: 'starting checkout 2.4.0\npanic: config key PAYMENTS_URL missing\n' }],
    findings: analyze({ pods: [c.pod], replicaSets: [c.replicaSet], events: c.events }),
    now: NOW,
  };
}

describe('buildEvidenceBundle', () => {
  it("gathers the crash-looping checkout pod: status, conditions, spec, owner chain, events, the previous run's log, findings", () => {
    const input = checkoutInput();
    const b = buildEvidenceBundle(input);
    expect(b.object).toEqual({ kind: 'Pod', namespace: 'shop', name: 'checkout-5f8d7c9b4-q7vxt' });
    expect(b.gatheredAt).toBe('2026-11-27T14:10:30.000Z');
    expect(b.owners).toEqual([
      { kind: 'ReplicaSet', name: 'checkout-5f8d7c9b4' },
      { kind: 'Deployment', name: 'checkout' },
    ]);
    expect(b.status).toEqual({
      phase: 'Running',
      hostIP: '172.18.0.3',
      podIP: '10.244.1.31',
      startTime: at(2),
      qosClass: 'Burstable',
      containerStatuses: [
        {
          name: 'checkout',
          image: 'registry.lab.invalid/shop/checkout:2.4.0',
          ready: false,
          started: false,
          restartCount: 6,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=checkout pod=checkout-5f8d7c9b4-q7vxt' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(290), finishedAt: at(291) } },
        },
      ],
    });
    expect(b.conditions).toContainEqual({
      type: 'Ready',
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [app]',
      lastTransitionTime: at(5),
    });
    expect(b.conditions).toContainEqual({ type: 'PodScheduled', status: 'True', lastTransitionTime: at(1) });
    expect(b.spec).toEqual({
      containers: [
        {
          name: 'checkout',
          image: 'registry.lab.invalid/shop/checkout:2.4.0',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          envFrom: [{ configMapRef: { name: 'checkout-config' } }],
        },
      ],
      nodeName: 'lab-node-1',
      serviceAccountName: 'default',
      restartPolicy: 'Always',
    });
    // Newest last (seen at the same second: in a fixed order), each with what it is about.
    expect(b.events).toEqual([
      {
        type: 'Normal',
        reason: 'Pulled',
        message: 'Container image "registry.lab.invalid/shop/checkout:2.4.0" already present on machine',
        count: 7,
        lastSeen: '2026-11-27T14:10:00.000Z',
        object: 'pod/checkout-5f8d7c9b4-q7vxt (container checkout)',
      },
      {
        type: 'Warning',
        reason: 'BackOff',
        message: `Back-off restarting failed container checkout in pod checkout-5f8d7c9b4-q7vxt_shop(${input.c.pod.metadata?.uid})`,
        count: 26,
        lastSeen: '2026-11-27T14:10:00.000Z',
        object: 'pod/checkout-5f8d7c9b4-q7vxt (container checkout)',
      },
    ]);
    expect(b.logs).toEqual(input.logs);
    expect(b.findings.map((f) => f.id)).toEqual(['crash-loop:Pod:shop/checkout-5f8d7c9b4-q7vxt:checkout']);
    expect(b.cuts).toBeUndefined();
    expect(b.pods).toBeUndefined();
    // Plain JSON: it survives a round trip as it is.
    expect(JSON.parse(JSON.stringify(b))).toEqual(b);
  });

  it('never changes its input', () => {
    const input = checkoutInput();
    const before = JSON.stringify(input);
    buildEvidenceBundle(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('lists a workload’s pods, those with a problem first, and summarises its spec and template', () => {
    const cat = catalog();
    const b = buildEvidenceBundle({ object: obj(cat.deployment), owners: [], pods: [...cat.pods].reverse().map(obj), events: cat.events.map(obj), logs: [], findings: [], now: NOW });
    expect(b.pods).toEqual([
      { name: 'catalog-6c7d8f9b5-p3d9m', phase: 'Pending', ready: '0/1', restarts: 0, reason: 'ImagePullBackOff', node: 'lab-node-2' },
      { name: 'catalog-58f9d6c7b4-b7kqz', phase: 'Running', ready: '1/1', restarts: 0, reason: null, node: 'lab-node-1' },
      { name: 'catalog-58f9d6c7b4-r2mxw', phase: 'Running', ready: '1/1', restarts: 0, reason: null, node: 'lab-node-2' },
    ]);
    expect(b.spec).toEqual({
      replicas: 2,
      selector: { matchLabels: { app: 'catalog' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      progressDeadlineSeconds: 86400,
      template: {
        labels: { app: 'catalog' },
        spec: { containers: [{ name: 'catalog', image: 'registry.lab.invalid/shop/catalog:4.0.3', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] },
      },
    });
    expect(b.conditions.map((c) => `${c.type}=${c.status} ${c.reason}`)).toEqual(['Available=True MinimumReplicasAvailable', 'Progressing=True ReplicaSetUpdated']);
    expect(b.status).toEqual({ observedGeneration: 1, replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 1 });
    expect(b.events.map((e) => e.object)).toEqual(['pod/catalog-6c7d8f9b5-p3d9m']);
  });

  it('keeps every env entry with its value or its reference (the redactor removes secret values later)', () => {
    const sf = storefront();
    const spec = sf.deployment.spec?.template.spec;
    if (spec) {
      spec.containers[0].env = [
        { name: 'LOG_LEVEL', value: 'debug' },
        { name: 'DB_PASSWORD', value: 'not-redacted-here' },
        { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'storefront-secrets', key: 'api-token' } } },
        { name: 'EMPTY' },
      ];
      spec.containers[0].command = ['/app/storefront'];
      spec.containers[0].args = ['--port=8080'];
    }
    const b = buildEvidenceBundle({ object: obj(sf.deployment), owners: [], pods: sf.pods.map(obj), events: [], logs: [], findings: [], now: NOW });
    const container = (b.spec as { template: { spec: { containers: Obj[]; imagePullSecrets: string[] } } }).template.spec.containers[0];
    expect(container['env']).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'DB_PASSWORD', value: 'not-redacted-here' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'storefront-secrets', key: 'api-token' } } },
      { name: 'EMPTY', value: '' },
    ]);
    expect(container).toMatchObject({
      command: ['/app/storefront'],
      args: ['--port=8080'],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      readinessProbe: { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' } },
      livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' } },
    });
    expect((b.spec as { template: { spec: { imagePullSecrets: string[] } } }).template.spec.imagePullSecrets).toEqual(['registry-credentials']);
    expect(b.pods?.map((p) => p.reason)).toEqual([null, null, null]);
  });

  it("never carries a Secret's or a ConfigMap's values: ConfigMap keys, a Secret's type and key count", () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'orders-db', namespace: 'payments' }, type: 'kubernetes.io/basic-auth', data: { username: 'b3JkZXJz', password: 'aHVudGVyMg==' }, stringData: { extra: 'plain' } };
    const sb = buildEvidenceBundle({ object: secret, owners: [], events: [], logs: [], findings: [], now: NOW });
    expect(sb.spec).toEqual({ type: 'kubernetes.io/basic-auth', keyCount: 3 });
    expect(JSON.stringify(sb)).not.toMatch(/b3JkZXJz|aHVudGVyMg|plain|password/);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'checkout-config', namespace: 'shop' }, data: { PAYMENTS_URL: 'http://payments', 'app.yaml': 'a: 1' }, binaryData: { 'logo.png': 'iVBORw0KGgo=' } };
    const cb = buildEvidenceBundle({ object: cm, owners: [], events: [], logs: [], findings: [], now: NOW });
    expect(cb.spec).toEqual({ keys: ['PAYMENTS_URL', 'app.yaml'], binaryDataKeys: ['logo.png'] });
    expect(JSON.stringify(cb)).not.toMatch(/http:\/\/payments|a: 1|iVBOR/);
  });

  it('keeps the 30 most recent events, newest last, whatever order they came in, once each (core/v1 or events.k8s.io/v1)', () => {
    const c = checkout();
    const events = Array.from({ length: 40 }, (_, i) =>
      obj(event(c.pod, { type: 'Warning', reason: 'Unhealthy', message: `Liveness probe failed: attempt ${i}`, component: 'kubelet', last: 100 + i * 10 })),
    );
    const newer = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'checkout.new', namespace: 'shop' },
      regarding: { kind: 'Pod', name: 'checkout-5f8d7c9b4-q7vxt', namespace: 'shop' },
      reason: 'Killing',
      note: 'Stopping container checkout',
      type: 'Normal',
      series: { count: 3, lastObservedTime: at(900) },
      eventTime: at(850),
    };
    const shuffled = [...events.slice(20), newer, ...events.slice(0, 20), events[5]];
    const b = buildEvidenceBundle({ object: obj(c.pod), owners: [], events: shuffled, logs: [], findings: [], now: NOW });
    expect(b.events).toHaveLength(30);
    expect(b.events[0].message).toBe('Liveness probe failed: attempt 11');
    expect(b.events[28].message).toBe('Liveness probe failed: attempt 39');
    expect(b.events[29]).toEqual({ type: 'Normal', reason: 'Killing', message: 'Stopping container checkout', count: 3, lastSeen: '2026-11-27T14:15:00.000Z', object: 'pod/checkout-5f8d7c9b4-q7vxt' });
    expect(b.cuts).toEqual(['11 older events left out (the 30 most recent kept).']);
  });

  it('keeps at most 20 pods, those with a problem first, and says how many it left out', () => {
    const c = checkout();
    const healthy = Array.from({ length: 24 }, (_, i) => ({ ...obj(c.pod), metadata: { name: `checkout-5f8d7c9b4-h${String(i).padStart(2, '0')}` }, status: { phase: 'Running', containerStatuses: [{ name: 'checkout', ready: true, restartCount: 0 }] } }));
    const b = buildEvidenceBundle({ object: obj(c.deployment), owners: [], pods: [...healthy, obj(c.pod)], events: [], logs: [], findings: [], now: NOW });
    expect(b.pods).toHaveLength(20);
    expect(b.pods?.[0]).toEqual({ name: 'checkout-5f8d7c9b4-q7vxt', phase: 'Running', ready: '0/1', restarts: 6, reason: 'CrashLoopBackOff', node: 'lab-node-1' });
    expect(b.pods?.[1].name).toBe('checkout-5f8d7c9b4-h00');
    expect(b.cuts).toEqual(['5 of 25 pods left out (healthy ones first).']);
  });

  it('reads why a pod is not running: eviction, termination, scheduling, a failed Job pod', () => {
    const c = checkout();
    const evicted = { metadata: { name: 'a' }, spec: { containers: [{ name: 'x' }] }, status: { phase: 'Failed', reason: 'Evicted' } };
    const terminating = { metadata: { name: 'b', deletionTimestamp: at(600) }, spec: { containers: [{ name: 'x' }] }, status: { phase: 'Running' } };
    const pending = { metadata: { name: 'c' }, spec: { containers: [{ name: 'x' }] }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } };
    const rx = reportExport();
    const b = buildEvidenceBundle({ object: obj(c.deployment), owners: [], pods: [evicted, terminating, pending, obj(rx.pod)], events: [], logs: [], findings: [], now: NOW });
    expect(b.pods?.map((p) => `${p.name} ${p.phase} ${p.ready} ${p.reason}`)).toEqual([
      'a Failed 0/1 Evicted',
      'b Running 0/1 Terminating',
      'c Pending 0/1 Unschedulable',
      'report-export-x5k2p Failed 0/1 Error',
    ]);
  });

  it('summarises a Job, and for a Node drops its image list and reports no namespace', () => {
    const jb = buildEvidenceBundle({ object: obj(dbMigrate()), owners: [], events: [], logs: [], findings: [], now: NOW });
    expect(jb.spec).toEqual({ backoffLimit: 2, completions: 1, template: { spec: { containers: [{ name: 'migrate', image: 'registry.lab.invalid/payments/migrate:5.2.0' }], restartPolicy: 'Never' } } });
    const node = labNode('lab-node-3');
    if (node.status) node.status.images = [{ names: ['registry.lab.invalid/shop/checkout:2.4.0'], sizeBytes: 1 }];
    const nb = buildEvidenceBundle({ object: obj(node), owners: [], events: [], logs: [], findings: [], now: NOW });
    expect(nb.object).toEqual({ kind: 'Node', namespace: null, name: 'lab-node-3' });
    expect(nb.status).not.toHaveProperty('images');
    expect(nb.conditions).toEqual([{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: expect.stringContaining('NetworkPluginNotReady'), lastTransitionTime: at(0) }]);
    expect(nb.spec).toEqual({ providerID: 'kwok://lab-node-3' });
  });

  it('caps each log tail at 200 lines and 16 KiB, starting at a line, and says so', () => {
    const c = checkout();
    const many = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const wide = Array.from({ length: 150 }, (_, i) => `${i} ${'é'.repeat(100)}`).join('\n');
    const b = buildEvidenceBundle({
      object: obj(c.pod),
      owners: [],
      events: [],
      logs: [
        { pod: 'p', container: 'a', previous: true, text: many },
        { pod: 'p', container: 'b', previous: false, text: wide },
      ],
      findings: [],
      now: NOW,
    });
    const [a, w] = b.logs;
    expect(a.text.split('\n').slice(0, 2)).toEqual(['line 300', 'line 301']);
    expect(a.text.endsWith('line 499\n')).toBe(true);
    expect(Buffer.byteLength(w.text)).toBeLessThanOrEqual(MAX_LOG_BYTES);
    expect(w.text).toMatch(/^\d+ é/);
    expect(w.text.endsWith(`149 ${'é'.repeat(100)}`)).toBe(true);
    expect(b.cuts).toEqual(['Log of p/a (previous run): 300 earlier lines left out.', expect.stringMatching(/^Log of p\/b: \d+ earlier lines left out\.$/)]);
  });

  it('logTail keeps a short log as it is, and the end of one overlong line', () => {
    expect(logTail('')).toEqual({ text: '', cutLines: 0 });
    expect(logTail('a\nb\n')).toEqual({ text: 'a\nb\n', cutLines: 0 });
    const long = 'x'.repeat(MAX_LOG_BYTES + 10);
    expect(logTail(long).text).toBe('x'.repeat(MAX_LOG_BYTES));
  });
});
