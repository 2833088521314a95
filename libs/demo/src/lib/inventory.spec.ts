import type { KubernetesObject, V1Job, V1Pod } from '@kubernetes/client-node';
import { KIND_NAMES, KINDS, type KindName, type KindObjectMap } from '@orphelix/k8s';
import { DemoCluster } from './demo-cluster';
import { podReferences } from './objects';

const NOW = new Date('2026-11-27T10:17:00Z');

/** What `kubectl get pods` prints in STATUS, to state the inventory in the terms a user sees. */
function kubectlStatus(pod: V1Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  const init = pod.status?.initContainerStatuses ?? [];
  for (const [i, c] of init.entries()) {
    if (c.state?.terminated?.exitCode === 0) continue;
    if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')
      return `Init:${c.state.waiting.reason}`;
    return `Init:${i}/${init.length}`;
  }
  let reason = pod.status?.phase ?? 'Unknown';
  for (const c of [...(pod.status?.containerStatuses ?? [])].reverse()) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated) reason = c.state.terminated.reason ?? `ExitCode:${c.state.terminated.exitCode}`;
  }
  return reason;
}

type Inventory = { [K in KindName]: KindObjectMap[K][] };

async function everything(cluster: DemoCluster): Promise<Inventory> {
  const lists = await Promise.all(
    KIND_NAMES.map(async (kind) => [kind, (await cluster.list('demo', kind)).items] as const),
  );
  // The tuple list loses the per-kind pairing that Inventory states.
  return Object.fromEntries(lists) as unknown as Inventory;
}

const key = (o: KubernetesObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;

describe('the simulated inventory', () => {
  let cluster: DemoCluster;
  let all: Inventory;
  let pods: V1Pod[];
  const find = <K extends KindName>(kind: K, name: string, namespace?: string): KindObjectMap[K] | undefined =>
    (all[kind] as KindObjectMap[K][]).find(
      (o) => o.metadata?.name === name && (o.metadata?.namespace ?? undefined) === namespace,
    );

  beforeAll(async () => {
    cluster = new DemoCluster({ seed: 42, now: () => NOW });
    all = await everything(cluster);
    pods = all.pods;
  });

  describe('determinism', () => {
    it('is identical for the same seed and clock', async () => {
      const again = await everything(new DemoCluster({ seed: 42, now: () => NOW }));
      for (const kind of KIND_NAMES) expect(again[kind]).toEqual(all[kind]);
    });

    it('differs in names and uids for another seed, not in shape', async () => {
      const other = await everything(new DemoCluster({ seed: 43, now: () => NOW }));
      expect(other.pods.map((p) => p.metadata?.name)).not.toEqual(pods.map((p) => p.metadata?.name));
      expect(other.deployments.map(key)).toEqual(all.deployments.map(key));
      expect(other.pods.length).toBe(pods.length);
    });

    it('is placed relative to the clock, not to the wall time', async () => {
      const later = new Date(NOW.getTime() + 86_400_000);
      const shifted = await new DemoCluster({ seed: 42, now: () => later }).get('demo', 'namespaces', 'production');
      const here = find('namespaces', 'production');
      expect(shifted.metadata?.creationTimestamp?.getTime()).toBe(
        (here?.metadata?.creationTimestamp?.getTime() ?? 0) + 86_400_000,
      );
    });
  });

  describe('contents', () => {
    it('has the four namespaces, all Active', () => {
      expect(all.namespaces.map(key)).toEqual(['/default', '/kube-system', '/production', '/staging']);
      expect(all.namespaces.every((n) => n.status?.phase === 'Active')).toBe(true);
    });

    it('has four nodes: a control plane, one NotReady, one under memory pressure', () => {
      const nodes = all.nodes;
      expect(nodes.map((n) => n.metadata?.name)).toEqual([
        'demo-control-plane',
        'demo-worker-1',
        'demo-worker-2',
        'demo-worker-3',
      ]);
      const condition = (name: string, type: string) =>
        nodes.find((n) => n.metadata?.name === name)?.status?.conditions?.find((c) => c.type === type);
      expect(nodes[0].metadata?.labels).toHaveProperty(['node-role.kubernetes.io/control-plane'], '');
      expect(condition('demo-worker-3', 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
      expect(nodes[3].spec?.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual([
        'node.kubernetes.io/unreachable:NoSchedule',
        'node.kubernetes.io/unreachable:NoExecute',
      ]);
      expect(condition('demo-worker-2', 'MemoryPressure')).toMatchObject({
        status: 'True',
        reason: 'KubeletHasInsufficientMemory',
      });
      expect(condition('demo-worker-1', 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
      for (const n of nodes) {
        expect(n.status?.nodeInfo).toMatchObject({
          kubeletVersion: 'v1.36.3',
          architecture: 'amd64',
          osImage: expect.any(String),
          containerRuntimeVersion: expect.stringMatching(/^containerd:\/\//),
        });
        expect(n.status?.addresses?.[0]).toMatchObject({
          type: 'InternalIP',
          address: expect.stringMatching(/^172\.18\.0\.\d+$/),
        });
        expect(n.status?.capacity).toHaveProperty('cpu');
        expect(n.status?.allocatable).toHaveProperty('memory');
      }
    });

    it('shows pods in every state a user meets', () => {
      const statuses = new Map<string, string[]>();
      for (const p of pods) statuses.set(kubectlStatus(p), [...(statuses.get(kubectlStatus(p)) ?? []), key(p)]);
      for (const status of [
        'Running',
        'CrashLoopBackOff',
        'ImagePullBackOff',
        'ErrImagePull',
        'OOMKilled',
        'Pending',
        'Completed',
        'Error',
        'Init:0/1',
        'Terminating',
        'ContainerCreating',
      ]) {
        expect([status, statuses.get(status)?.length ?? 0]).not.toEqual([status, 0]);
      }
      const crashing = pods.find((p) => kubectlStatus(p) === 'CrashLoopBackOff');
      const worker = crashing?.status?.containerStatuses?.find((c) => c.state?.waiting);
      expect(worker?.restartCount).toBeGreaterThan(0);
      expect(worker?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
      const oom = pods.find((p) => kubectlStatus(p) === 'OOMKilled');
      expect(oom?.status?.containerStatuses?.[0].state?.terminated).toMatchObject({
        exitCode: 137,
        reason: 'OOMKilled',
      });
      const oomBefore = pods.find((p) =>
        p.status?.containerStatuses?.some((c) => c.state?.running && c.lastState?.terminated?.reason === 'OOMKilled'),
      );
      expect(oomBefore).toBeDefined();
      const pending = pods.find((p) => !p.spec?.nodeName);
      expect(pending?.status?.conditions).toEqual([
        expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }),
      ]);
      expect(pods.find((p) => kubectlStatus(p) === 'Completed')?.status?.phase).toBe('Succeeded');
      expect(pods.find((p) => kubectlStatus(p) === 'Error')?.status?.phase).toBe('Failed');
      const init = pods.find((p) => kubectlStatus(p) === 'Init:0/1');
      expect(init?.status?.initContainerStatuses?.[0].state?.running).toBeDefined();
      expect(init?.status?.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({
        status: 'False',
        reason: 'ContainersNotInitialized',
      });
    });

    it('writes pod statuses as a kubelet would', () => {
      for (const p of pods.filter((x) => x.status?.phase === 'Running')) {
        expect(p.status?.podIP).toMatch(/^(10\.244\.\d+\.\d+|172\.18\.0\.\d+)$/);
        expect(p.status?.hostIP).toBe(
          all.nodes.find((n) => n.metadata?.name === p.spec?.nodeName)?.status?.addresses?.[0].address,
        );
        expect(p.status?.qosClass).toMatch(/^(Guaranteed|Burstable|BestEffort)$/);
        expect(p.status?.conditions?.map((c) => c.type)).toEqual([
          'PodReadyToStartContainers',
          'Initialized',
          'Ready',
          'ContainersReady',
          'PodScheduled',
        ]);
        expect(p.status?.startTime).toBeInstanceOf(Date);
      }
    });

    it('uses Dates for every timestamp, as client-node does', () => {
      const pod = pods.find((p) => p.status?.containerStatuses?.[0]?.lastState?.terminated);
      const status = pod?.status?.containerStatuses?.[0];
      expect(pod?.metadata?.creationTimestamp).toBeInstanceOf(Date);
      expect(status?.lastState?.terminated?.startedAt).toBeInstanceOf(Date);
      expect(status?.lastState?.terminated?.finishedAt).toBeInstanceOf(Date);
      expect(all.events[0].lastTimestamp).toBeInstanceOf(Date);
      const deployment = all.deployments[0];
      expect(deployment.status?.conditions?.[0].lastTransitionTime).toBeInstanceOf(Date);
    });

    it('has at least eight deployments, with statuses and conditions that agree with their pods', () => {
      const deployments = all.deployments;
      expect(deployments.length).toBeGreaterThanOrEqual(8);
      const reasons = new Set(
        deployments.flatMap((d) => d.status?.conditions?.map((c) => `${c.type}:${c.reason}`) ?? []),
      );
      for (const r of [
        'Available:MinimumReplicasAvailable',
        'Available:MinimumReplicasUnavailable',
        'Progressing:NewReplicaSetAvailable',
        'Progressing:ReplicaSetUpdated',
        'Progressing:ProgressDeadlineExceeded',
      ]) {
        expect(reasons).toContain(r);
      }
      for (const d of deployments) {
        const selector = d.spec?.selector.matchLabels ?? {};
        const own = pods.filter(
          (p) =>
            p.metadata?.namespace === d.metadata?.namespace &&
            !p.metadata?.deletionTimestamp &&
            Object.entries(selector).every(([k, v]) => p.metadata?.labels?.[k] === v),
        );
        const ready = own.filter((p) =>
          p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        ).length;
        expect([key(d), d.status?.replicas ?? 0, d.status?.readyReplicas ?? 0]).toEqual([key(d), own.length, ready]);
        expect(d.status?.observedGeneration).toBe(d.metadata?.generation);
      }
      expect(deployments.some((d) => d.spec?.replicas === 0)).toBe(true);
      const rollingOut = deployments.filter(
        (d) =>
          all.replicasets.filter((rs) => rs.metadata?.ownerReferences?.[0].uid === d.metadata?.uid && rs.spec?.replicas)
            .length > 1,
      );
      expect(rollingOut.map(key)).toEqual(['production/checkout-api']);
    });

    it('has every other kind the console shows', () => {
      const count = (kind: KindName): number => all[kind].length;
      expect(count('statefulsets')).toBeGreaterThanOrEqual(2);
      expect(count('daemonsets')).toBeGreaterThanOrEqual(2);
      expect(count('jobs')).toBeGreaterThanOrEqual(3);
      expect(count('cronjobs')).toBeGreaterThanOrEqual(2);
      expect(count('hpa')).toBeGreaterThanOrEqual(2);
      expect(count('ingress')).toBeGreaterThanOrEqual(2);
      expect(count('resourcequotas')).toBe(2);
      const services = all.services;
      expect(new Set(services.map((s) => (s.spec?.clusterIP === 'None' ? 'Headless' : s.spec?.type)))).toEqual(
        new Set(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Headless']),
      );
      expect(services.find((s) => s.spec?.type === 'LoadBalancer')?.status?.loadBalancer?.ingress?.[0].ip).toBe(
        '203.0.113.10',
      );
      const secrets = all.secrets;
      expect(new Set(secrets.map((s) => s.type))).toEqual(
        new Set(['Opaque', 'kubernetes.io/tls', 'kubernetes.io/dockerconfigjson']),
      );
      for (const s of secrets)
        for (const v of Object.values(s.data ?? {})) expect(Buffer.from(v, 'base64').toString('base64')).toBe(v);
      const pvs = all.pvs;
      expect(new Set(pvs.map((p) => p.status?.phase))).toEqual(new Set(['Bound', 'Available', 'Released']));
      const pvcs = all.pvcs;
      expect(pvcs.map((c) => c.status?.phase).sort()).toEqual(['Bound', 'Bound', 'Bound', 'Pending']);
      const cronjobs = all.cronjobs;
      expect(cronjobs.some((c) => c.spec?.suspend)).toBe(true);
      expect(cronjobs.every((c) => c.status?.lastScheduleTime instanceof Date)).toBe(true);
      const jobs = all.jobs;
      const jobState = (j: V1Job): string =>
        j.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')
          ?.type ?? 'Running';
      expect(new Set(jobs.map(jobState))).toEqual(new Set(['Complete', 'Failed', 'Running']));
      expect(
        jobs.find((j) => jobState(j) === 'Failed')?.status?.conditions?.find((c) => c.type === 'Failed')?.reason,
      ).toBe('BackoffLimitExceeded');
      expect(jobs.some((j) => j.metadata?.ownerReferences?.[0].kind === 'CronJob')).toBe(true);
      const hpas = all.hpa;
      expect(
        hpas.some((h) => h.status?.conditions?.some((c) => c.type === 'ScalingActive' && c.status === 'False')),
      ).toBe(true);
      expect(new Set(hpas.flatMap((h) => h.spec?.metrics?.map((m) => m.resource?.name) ?? []))).toEqual(
        new Set(['cpu', 'memory']),
      );
      const quotas = all.resourcequotas;
      expect(quotas.map((q) => q.metadata?.namespace)).toEqual(['production', 'staging']);
      expect(quotas[0].status?.used?.['pods']).toBe(
        String(
          pods.filter(
            (p) => p.metadata?.namespace === 'production' && !['Succeeded', 'Failed'].includes(p.status?.phase ?? ''),
          ).length,
        ),
      );
    });

    it('has around a hundred recent events of both types with the usual reasons', () => {
      const events = all.events;
      expect(events.length).toBeGreaterThanOrEqual(80);
      expect(events.length).toBeLessThanOrEqual(200);
      const reasons = new Set(events.map((e) => `${e.type}:${e.reason}`));
      for (const r of [
        'Normal:Scheduled',
        'Normal:Pulled',
        'Normal:Created',
        'Normal:Started',
        'Normal:ScalingReplicaSet',
        'Normal:SuccessfulCreate',
        'Normal:Completed',
      ]) {
        expect(reasons).toContain(r);
      }
      for (const r of [
        'BackOff',
        'Failed',
        'FailedScheduling',
        'Unhealthy',
        'OOMKilling',
        'NodeNotReady',
        'FailedGetResourceMetric',
        'BackoffLimitExceeded',
      ]) {
        expect(reasons).toContain(`Warning:${r}`);
      }
      for (const e of events) {
        expect(e.count).toBeGreaterThanOrEqual(1);
        expect(e.source?.component).toBeTruthy();
        expect(e.reportingComponent).toBe(e.source?.component);
        expect(e.firstTimestamp?.getTime()).toBeLessThanOrEqual(e.lastTimestamp?.getTime() ?? 0);
        expect(e.lastTimestamp?.getTime()).toBeLessThanOrEqual(NOW.getTime());
        expect(e.lastTimestamp?.getTime()).toBeGreaterThan(NOW.getTime() - 6 * 3_600_000);
      }
    });
  });

  describe('consistency', () => {
    it('puts every pod on an existing node', () => {
      for (const p of pods) if (p.spec?.nodeName) expect(find('nodes', p.spec.nodeName)).toBeDefined();
    });

    it('resolves every owner reference chain to existing objects of the right kind', () => {
      const kindOf = new Map(Object.values(KINDS).map((m) => [m.kind, m.plural]));
      const check = (o: KubernetesObject, depth = 0): void => {
        for (const ref of o.metadata?.ownerReferences ?? []) {
          const plural = kindOf.get(ref.kind);
          expect([key(o), ref.kind, plural]).toEqual([key(o), ref.kind, expect.any(String)]);
          const owner = find(
            plural as KindName,
            ref.name,
            KINDS[plural as KindName].namespaced ? o.metadata?.namespace : undefined,
          ) as KubernetesObject | undefined;
          expect([key(o), ref.name, owner?.metadata?.uid]).toEqual([key(o), ref.name, ref.uid]);
          if (owner && depth < 4) check(owner, depth + 1);
        }
      };
      for (const kind of ['pods', 'replicasets', 'jobs'] as const)
        for (const o of all[kind] as KubernetesObject[]) check(o);
      const chains = pods.filter((p) => p.metadata?.ownerReferences?.[0].kind === 'ReplicaSet');
      expect(chains.length).toBeGreaterThan(20);
      for (const p of chains) {
        const rs = find('replicasets', p.metadata?.ownerReferences?.[0].name ?? '', p.metadata?.namespace);
        expect(rs?.metadata?.ownerReferences?.[0].kind).toBe('Deployment');
        expect(p.metadata?.labels?.['pod-template-hash']).toBe(rs?.metadata?.labels?.['pod-template-hash']);
      }
    });

    it('points every event at an object that exists', () => {
      for (const e of all.events) {
        const plural = Object.values(KINDS).find((m) => m.kind === e.involvedObject.kind)?.plural;
        const target = plural
          ? find(plural, e.involvedObject.name ?? '', e.involvedObject.namespace || undefined)
          : undefined;
        expect([e.reason, e.involvedObject.kind, e.involvedObject.name, target !== undefined]).toEqual([
          e.reason,
          e.involvedObject.kind,
          e.involvedObject.name,
          true,
        ]);
        expect(e.metadata.namespace).toBe(e.involvedObject.namespace || 'default');
      }
    });

    it('has every ConfigMap, Secret and claim a pod refers to', () => {
      for (const p of pods) {
        const refs = podReferences(p.spec ?? { containers: [] });
        const ns = p.metadata?.namespace;
        for (const name of refs.configMaps)
          expect([key(p), 'configmap', name, !!find('configmaps', name, ns)]).toEqual([
            key(p),
            'configmap',
            name,
            true,
          ]);
        for (const name of refs.secrets)
          expect([key(p), 'secret', name, !!find('secrets', name, ns)]).toEqual([key(p), 'secret', name, true]);
        for (const name of refs.claims)
          expect([key(p), 'claim', name, !!find('pvcs', name, ns)]).toEqual([key(p), 'claim', name, true]);
      }
    });

    it('has every Service select at least one pod, except the intentionally empty ones', () => {
      const services = all.services;
      const empty = services
        .filter((s) => s.spec?.selector)
        .filter(
          (s) =>
            !pods.some(
              (p) =>
                p.metadata?.namespace === s.metadata?.namespace &&
                Object.entries(s.spec?.selector ?? {}).every(([k, v]) => p.metadata?.labels?.[k] === v),
            ),
        )
        .map(key);
      expect(empty).toEqual(['staging/recommendations']);
      expect(services.filter((s) => !s.spec?.selector).map(key)).toEqual([
        'default/kubernetes',
        'production/payments-provider',
      ]);
    });

    it('routes every Ingress to an existing service port', () => {
      for (const ing of all.ingress) {
        for (const tls of ing.spec?.tls ?? [])
          expect(find('secrets', tls.secretName ?? '', ing.metadata?.namespace)).toBeDefined();
        for (const path of ing.spec?.rules?.flatMap((r) => r.http?.paths ?? []) ?? []) {
          const backend = path.backend.service;
          const svc = find('services', backend?.name ?? '', ing.metadata?.namespace);
          expect(
            svc?.spec?.ports?.some((p) => p.port === backend?.port?.number || p.name === backend?.port?.name),
          ).toBe(true);
        }
      }
    });

    it('binds claims and volumes to each other, and targets autoscalers at existing deployments', () => {
      for (const c of all.pvcs) {
        if (c.status?.phase !== 'Bound') continue;
        const pv = find('pvs', c.spec?.volumeName ?? '');
        expect(pv?.spec?.claimRef).toMatchObject({
          name: c.metadata?.name,
          namespace: c.metadata?.namespace,
          uid: c.metadata?.uid,
        });
      }
      for (const h of all.hpa) {
        expect(find('deployments', h.spec?.scaleTargetRef.name ?? '', h.metadata?.namespace)).toBeDefined();
      }
    });

    it('gives every object a uid, a resourceVersion and a creation time, and unique uids', () => {
      const objects = KIND_NAMES.flatMap((k) => all[k] as KubernetesObject[]);
      const uids = objects.map((o) => o.metadata?.uid);
      expect(new Set(uids).size).toBe(objects.length);
      for (const o of objects) {
        expect(o.metadata?.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(Number(o.metadata?.resourceVersion)).toBeGreaterThan(0);
        expect(o.metadata?.creationTimestamp).toBeInstanceOf(Date);
        expect(o.apiVersion).toBeTruthy();
        expect(o.kind).toBeTruthy();
      }
    });
  });
});
