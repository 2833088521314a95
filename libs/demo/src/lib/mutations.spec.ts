import type { V1Pod } from '@kubernetes/client-node';
import { isClusterError } from '@orphelix/k8s';
import { DemoCluster } from './demo-cluster';

const START = new Date('2026-11-27T10:17:00Z');

describe('a living cluster', () => {
  let now: Date;
  let cluster: DemoCluster;
  const later = (seconds: number): void => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  const pods = async (namespace: string, selector: string): Promise<V1Pod[]> =>
    (await cluster.list('demo', 'pods', { namespace, labelSelector: selector })).items;
  const names = (list: V1Pod[]): string[] => list.map((p) => p.metadata?.name ?? '');
  const ready = (p: V1Pod): boolean =>
    p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

  beforeEach(() => {
    now = START;
    cluster = new DemoCluster({ seed: 11, now: () => now });
  });

  describe('restartWorkload', () => {
    it('rolls a deployment onto a new ReplicaSet and replaces every pod, as kubectl rollout restart does', async () => {
      const before = await pods('production', 'app=storefront');
      const oldHash = before[0].metadata?.labels?.['pod-template-hash'];
      const result = await cluster.restartWorkload('demo', 'deployments', 'production', 'storefront', now);
      expect(result).toEqual({ restartedAt: '2026-11-27T10:17:00Z' });

      const deployment = await cluster.get('demo', 'deployments', 'storefront', 'production');
      expect(deployment.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBe(
        '2026-11-27T10:17:00Z',
      );
      expect(deployment.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('4');
      const sets = (
        await cluster.list('demo', 'replicasets', { namespace: 'production', labelSelector: 'app=storefront' })
      ).items;
      const fresh = sets.find((rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '4');
      const newHash = fresh?.metadata?.labels?.['pod-template-hash'];
      expect(newHash).toBeDefined();
      expect(newHash).not.toBe(oldHash);
      expect(fresh?.metadata?.ownerReferences?.[0]).toMatchObject({
        kind: 'Deployment',
        name: 'storefront',
        uid: deployment.metadata?.uid,
      });
      // The surge pod exists at once; the old ones go one by one as the new ones become ready.
      expect((await pods('production', `pod-template-hash=${newHash}`)).length).toBe(1);

      for (let i = 0; i < 24; i++) {
        later(5);
        await cluster.list('demo', 'pods');
      }
      const after = await pods('production', 'app=storefront');
      expect(after.length).toBe(3);
      expect(after.every((p) => p.metadata?.labels?.['pod-template-hash'] === newHash && ready(p))).toBe(true);
      expect(names(after).filter((n) => names(before).includes(n))).toEqual([]);
      const old = sets.find((rs) => rs.metadata?.labels?.['pod-template-hash'] === oldHash);
      expect((await cluster.get('demo', 'replicasets', old?.metadata?.name ?? '', 'production')).spec?.replicas).toBe(
        0,
      );
      const status = (await cluster.get('demo', 'deployments', 'storefront', 'production')).status;
      expect(status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
      expect(status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    });

    it('records the events a rollout produces', async () => {
      const before = await pods('production', 'app=storefront');
      await cluster.restartWorkload('demo', 'deployments', 'production', 'storefront', now);
      for (let i = 0; i < 24; i++) {
        later(5);
        await cluster.list('demo', 'pods');
      }
      const onDeployment = await cluster.eventsFor('demo', {
        kind: 'deployments',
        name: 'storefront',
        namespace: 'production',
      });
      expect(
        onDeployment
          .filter((e) => e.reason === 'ScalingReplicaSet')
          .map((e) => e.message?.replace(/storefront-\w+/, 'rs')),
      ).toEqual(
        expect.arrayContaining(['Scaled up replica set rs from 0 to 1', 'Scaled down replica set rs from 1 to 0']),
      );
      const killed = await cluster.eventsFor('demo', {
        kind: 'pods',
        name: before[0].metadata?.name ?? '',
        namespace: 'production',
      });
      expect(killed.map((e) => e.reason)).toContain('Killing');
      const fresh = (await pods('production', 'app=storefront'))[0];
      const started = await cluster.eventsFor('demo', {
        kind: 'pods',
        name: fresh.metadata?.name ?? '',
        namespace: 'production',
      });
      expect(started.map((e) => e.reason)).toEqual(['Scheduled', 'Pulled', 'Created', 'Started']);
    });

    it('logs the changes a watch would report', async () => {
      const from = cluster.resourceVersion;
      expect(cluster.changesSince(from)).toEqual([]);
      await cluster.restartWorkload('demo', 'deployments', 'production', 'storefront', now);
      const changes = cluster.changesSince(from) ?? [];
      expect(
        changes.some(
          (c) => c.type === 'MODIFIED' && c.kind === 'deployments' && c.object.metadata?.name === 'storefront',
        ),
      ).toBe(true);
      expect(changes.some((c) => c.type === 'ADDED' && c.kind === 'replicasets')).toBe(true);
      expect(changes.some((c) => c.type === 'ADDED' && c.kind === 'pods')).toBe(true);
      expect(changes.some((c) => c.type === 'ADDED' && c.kind === 'events')).toBe(true);
      const versions = changes.map((c) => Number(c.resourceVersion));
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(versions[versions.length - 1]).toBe(Number(cluster.resourceVersion));
      expect(cluster.changesSince('1')).toBeNull();
    });

    it('recreates StatefulSet pods under the same names, highest ordinal first', async () => {
      const before = await pods('production', 'app=postgres');
      await cluster.restartWorkload('demo', 'statefulsets', 'production', 'postgres', now);
      const first = await pods('production', 'app=postgres');
      expect(first.find((p) => p.metadata?.name === 'postgres-1')?.metadata?.deletionTimestamp).toBeInstanceOf(Date);
      expect(first.find((p) => p.metadata?.name === 'postgres-0')?.metadata?.deletionTimestamp).toBeUndefined();
      for (let i = 0; i < 12; i++) {
        later(5);
        await cluster.list('demo', 'pods');
      }
      const after = await pods('production', 'app=postgres');
      expect(names(after)).toEqual(['postgres-0', 'postgres-1']);
      expect(after.map((p) => p.metadata?.uid)).not.toContain(before[0].metadata?.uid);
      expect(after.map((p) => p.metadata?.uid)).not.toContain(before[1].metadata?.uid);
      const sts = await cluster.get('demo', 'statefulsets', 'postgres', 'production');
      expect(
        after.every((p) => p.metadata?.labels?.['controller-revision-hash'] === sts.status?.updateRevision && ready(p)),
      ).toBe(true);
      expect(sts.status?.currentRevision).toBe(sts.status?.updateRevision);
    });

    it('replaces DaemonSet pods node by node', async () => {
      const before = await pods('kube-system', 'app.kubernetes.io/name=node-exporter');
      await cluster.restartWorkload('demo', 'daemonsets', 'kube-system', 'node-exporter', now);
      later(5);
      const after = await pods('kube-system', 'app.kubernetes.io/name=node-exporter');
      const fresh = after.filter((p) => !names(before).includes(p.metadata?.name ?? ''));
      expect(fresh.length).toBeGreaterThan(0);
      for (const p of fresh) expect(before.some((b) => b.spec?.nodeName === p.spec?.nodeName)).toBe(true);
    });

    it('answers NOT_FOUND for a workload that does not exist', async () => {
      await expect(
        cluster.restartWorkload('demo', 'deployments', 'staging', 'payments-worker', now),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('deletePod', () => {
    it('removes the pod; its ReplicaSet creates a replacement with a new name', async () => {
      const [victim, other] = await pods('production', 'app=auth');
      await cluster.deletePod('demo', 'production', victim.metadata?.name ?? '');
      const after = await pods('production', 'app=auth');
      expect(names(after)).not.toContain(victim.metadata?.name);
      expect(names(after)).toContain(other.metadata?.name);
      expect(after.length).toBe(2);
      const replacement = after.find((p) => p.metadata?.name !== other.metadata?.name);
      expect(replacement?.metadata?.ownerReferences?.[0].uid).toBe(victim.metadata?.ownerReferences?.[0].uid);
      await expect(cluster.get('demo', 'pods', victim.metadata?.name ?? '', 'production')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      later(30);
      expect(ready(await cluster.get('demo', 'pods', replacement?.metadata?.name ?? '', 'production'))).toBe(true);
    });

    it('brings a StatefulSet pod back under the same name', async () => {
      const before = await cluster.get('demo', 'pods', 'redis-0', 'staging');
      await cluster.deletePod('demo', 'staging', 'redis-0');
      const after = await cluster.get('demo', 'pods', 'redis-0', 'staging');
      expect(after.metadata?.uid).not.toBe(before.metadata?.uid);
    });

    it('replaces DaemonSet pods on the same node', async () => {
      const [victim] = await pods('kube-system', 'k8s-app=kube-proxy');
      await cluster.deletePod('demo', 'kube-system', victim.metadata?.name ?? '');
      const onNode = (await pods('kube-system', 'k8s-app=kube-proxy')).filter(
        (p) => p.spec?.nodeName === victim.spec?.nodeName,
      );
      expect(names(onNode)).toHaveLength(1);
      expect(names(onNode)).not.toContain(victim.metadata?.name);
    });

    it('lets a running Job replace its pod, but not a finished one', async () => {
      const [running] = await pods('production', 'job-name=search-reindex');
      await cluster.deletePod('demo', 'production', running.metadata?.name ?? '');
      const replaced = await pods('production', 'job-name=search-reindex');
      expect(replaced).toHaveLength(1);
      expect(replaced[0].metadata?.name).not.toBe(running.metadata?.name);
      const [done] = await pods('production', 'job-name=checkout-migrate-2-8-1');
      await cluster.deletePod('demo', 'production', done.metadata?.name ?? '');
      expect(await pods('production', 'job-name=checkout-migrate-2-8-1')).toEqual([]);
    });

    it('answers NOT_FOUND for a missing pod', async () => {
      const error: unknown = await cluster.deletePod('demo', 'production', 'nope').catch((e: unknown) => e);
      expect(isClusterError(error) && error.code).toBe('NOT_FOUND');
    });
  });

  describe('tick', () => {
    it('keeps crash-looping containers restarting as time passes', async () => {
      const restarts = async (): Promise<number[]> =>
        (await pods('production', 'app=payments-worker')).map(
          (p) => p.status?.containerStatuses?.[0].restartCount ?? 0,
        );
      const before = await restarts();
      cluster.tick(new Date(START.getTime() + 20 * 60_000));
      now = new Date(START.getTime() + 20 * 60_000);
      const after = await restarts();
      expect(after.every((n, i) => n >= before[i] + 3)).toBe(true);
      const backoff = (
        await cluster.list('demo', 'events', { namespace: 'production', fieldSelector: 'reason=BackOff' })
      ).items.filter((e) => e.involvedObject.name?.startsWith('payments-worker'));
      expect(backoff.every((e) => (e.lastTimestamp?.getTime() ?? 0) > START.getTime())).toBe(true);
    });

    it('finishes the rollout that was under way', async () => {
      later(300);
      const checkout = await cluster.get('demo', 'deployments', 'checkout-api', 'production');
      expect(checkout.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
      expect(checkout.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
      const sets = (
        await cluster.list('demo', 'replicasets', { namespace: 'production', labelSelector: 'app=checkout-api' })
      ).items;
      expect(sets.filter((rs) => (rs.spec?.replicas ?? 0) > 0)).toHaveLength(1);
    });

    it('times out a stuck rollout at its progress deadline', async () => {
      const progressing = async (): Promise<string | undefined> =>
        (await cluster.get('demo', 'deployments', 'checkout-api', 'staging')).status?.conditions?.find(
          (c) => c.type === 'Progressing',
        )?.reason;
      expect(await progressing()).toBe('ReplicaSetUpdated');
      later(240);
      expect(await progressing()).toBe('ProgressDeadlineExceeded');
    });

    it('runs CronJobs on schedule', async () => {
      const jobs = async (): Promise<string[]> =>
        (
          await cluster.list('demo', 'jobs', { namespace: 'production', labelSelector: 'app=report-generator' })
        ).items.map((j) => j.metadata?.name ?? '');
      const before = await jobs();
      later(3600);
      const after = await jobs();
      expect(after.filter((j) => !before.includes(j)).length).toBeGreaterThanOrEqual(1);
      expect(after.length).toBeLessThanOrEqual(3);
    });

    it('never moves backwards', async () => {
      const rv = cluster.resourceVersion;
      cluster.tick(new Date(START.getTime() - 3_600_000));
      expect(cluster.resourceVersion).toBe(rv);
    });
  });
});
