import { Inject, Injectable } from '@nestjs/common';
import type { EvidenceInput, EvidenceLog, Finding } from '@orphelix/ai';
import { CLUSTER_PORT, type ClusterPort, isClusterError, type KindName, KINDS } from '@orphelix/k8s';
import type { AiKind } from './dto/ai-query.dto';

/** Owner chain: at most this many levels (Pod → ReplicaSet → Deployment is two). */
const MAX_OWNERS = 4;
/** Pods whose events and logs are read for a workload: the unhealthy ones first. */
const MAX_PODS_READ = 3;
/** Lines of each log tail. */
const LOG_TAIL_LINES = 100;
/** Log tails per request, over every pod and container. */
const MAX_LOGS = 6;

const WORKLOADS = new Set<KindName>(['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs']);

type Obj = Record<string, unknown> & {
  kind?: string;
  metadata?: { name?: string; namespace?: string; ownerReferences?: { kind?: string; name?: string; controller?: boolean }[] };
  spec?: { selector?: unknown };
  status?: { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[]; phase?: string };
};
interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: unknown; terminated?: unknown; running?: unknown };
  lastState?: { terminated?: unknown };
}

const KIND_BY_NAME = new Map(Object.values(KINDS).map((meta) => [meta.kind, meta.plural]));

/**
 * What the troubleshooter reads about one object, as the caller's context: the object, its owner chain,
 * the pods it runs (unhealthy first), the events of each, and the log tails of containers that
 * restarted (the previous run's, which holds the crash) or are failing. Reads the owners, pods, events
 * and logs it may: a 403 on one of them leaves it out; the object itself must be readable.
 */
@Injectable()
export class EvidenceService {
  constructor(@Inject(CLUSTER_PORT) private readonly port: ClusterPort) {}

  async gather(context: string, kind: AiKind, namespace: string | undefined, name: string, findings: Finding[]): Promise<EvidenceInput> {
    const ns = KINDS[kind].namespaced ? namespace : undefined;
    const object = (await this.port.get(context, kind, name, ns)) as unknown as Obj;
    const owners = await this.owners(context, object);
    const pods = await this.pods(context, kind, object);
    const read = [...(kind === 'pods' ? [object] : []), ...rankPods(pods).slice(0, MAX_PODS_READ)];
    const events = await this.events(context, kind, object, read);
    const logs = await this.logs(context, read);
    return {
      object: withKind(object, KINDS[kind].kind),
      owners: owners.map((owner) => owner as Record<string, unknown>),
      ...(WORKLOADS.has(kind) || kind === 'services' ? { pods: pods.map((pod) => withKind(pod, 'Pod')) } : {}),
      events: events as unknown as Record<string, unknown>[],
      logs,
      findings,
    };
  }

  private async owners(context: string, object: Obj): Promise<Obj[]> {
    const chain: Obj[] = [];
    let current = object;
    while (chain.length < MAX_OWNERS) {
      const refs = current.metadata?.ownerReferences ?? [];
      const ref = refs.find((r) => r.controller) ?? refs[0];
      const plural = ref?.kind ? KIND_BY_NAME.get(ref.kind) : undefined;
      if (!ref?.name || !plural) break;
      try {
        current = withKind((await this.port.get(context, plural, ref.name, KINDS[plural].namespaced ? object.metadata?.namespace : undefined)) as unknown as Obj, ref.kind ?? '');
      } catch (error) {
        if (isClusterError(error) && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) break;
        throw error;
      }
      chain.push(current);
    }
    return chain;
  }

  /** The pods a workload or Service selects (by `matchLabels`/`selector`); none for other kinds. */
  private async pods(context: string, kind: AiKind, object: Obj): Promise<Obj[]> {
    if (!WORKLOADS.has(kind) && kind !== 'services') return [];
    const selector = labelsOf(kind === 'services' ? object.spec?.selector : (object.spec?.selector as { matchLabels?: unknown } | undefined)?.matchLabels);
    if (!selector) return [];
    try {
      const list = await this.port.list(context, 'pods', { namespace: object.metadata?.namespace, labelSelector: selector });
      return list.items as unknown as Obj[];
    } catch (error) {
      if (isClusterError(error) && error.code === 'FORBIDDEN') return [];
      throw error;
    }
  }

  private async events(context: string, kind: AiKind, object: Obj, pods: Obj[]): Promise<unknown[]> {
    const refs = [
      { kind: kind as KindName, name: object.metadata?.name ?? '', namespace: object.metadata?.namespace },
      ...pods.filter((pod) => pod !== object).map((pod) => ({ kind: 'pods' as KindName, name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace })),
    ];
    const lists = await Promise.all(
      refs.map(async (ref) => {
        try {
          return await this.port.eventsFor(context, ref);
        } catch (error) {
          if (isClusterError(error) && error.code === 'FORBIDDEN') return [];
          throw error;
        }
      }),
    );
    return lists.flat();
  }

  /** The previous run's tail for containers that restarted; the current tail for ones failing now. */
  private async logs(context: string, pods: Obj[]): Promise<EvidenceLog[]> {
    const wanted: { pod: string; namespace: string; container: string; previous: boolean }[] = [];
    for (const pod of pods) {
      const podName = pod.metadata?.name ?? '';
      const namespace = pod.metadata?.namespace ?? '';
      for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
        if ((status.restartCount ?? 0) > 0 || status.lastState?.terminated) {
          wanted.push({ pod: podName, namespace, container: status.name, previous: true });
        } else if (status.state?.terminated || (status.state?.running && status.ready === false)) {
          wanted.push({ pod: podName, namespace, container: status.name, previous: false });
        }
      }
    }
    const logs = await Promise.all(
      wanted.slice(0, MAX_LOGS).map(async (w): Promise<EvidenceLog | null> => {
        try {
          const text = await this.port.podLogs(context, w.namespace, w.pod, { container: w.container, previous: w.previous, tailLines: LOG_TAIL_LINES });
          return { pod: w.pod, container: w.container, previous: w.previous, text };
        } catch (error) {
          // No previous run kept, a container not started, or a log RBAC denies: that tail is missing.
          if (isClusterError(error) && ['FORBIDDEN', 'NOT_FOUND', 'VALIDATION_ERROR'].includes(error.code)) return null;
          throw error;
        }
      }),
    );
    return logs.filter((log): log is EvidenceLog => log !== null);
  }
}

/** `app=checkout,tier=web` from a label map; null when there is none to select by. */
function labelsOf(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const entries = Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length > 0 ? entries.map(([k, v]) => `${k}=${v}`).join(',') : null;
}

/** Lists omit each item's kind; the bundle names it. */
function withKind(object: Obj, kind: string): Obj {
  return object.kind ? object : { ...object, kind };
}

/** Unhealthy pods first (not running, not ready, restarted), then by name. */
function rankPods(pods: Obj[]): Obj[] {
  const trouble = (pod: Obj): number => {
    const statuses = pod.status?.containerStatuses ?? [];
    const restarts = statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0);
    const notReady = statuses.some((s) => !s.ready) || statuses.length === 0;
    return (pod.status?.phase !== 'Running' ? 4 : 0) + (notReady ? 2 : 0) + (restarts > 0 ? 1 : 0);
  };
  return [...pods].sort((a, b) => trouble(b) - trouble(a) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}
