import { Inject, Injectable } from '@nestjs/common';
import { analyze, analyzeObject, type ClusterSnapshot, type Finding, type FindingObject } from '@orphelix/ai';
import { CLUSTER_PORT, type ClusterPort, isClusterError, type KindName, KINDS } from '@orphelix/k8s';
import { LiveReader } from '../live/live-reader.service';
import type { NotLoadedKindDto } from './dto/ai-response.dto';

/** The lists the analyzers read, by the snapshot field each fills. */
const SNAPSHOT_KINDS = {
  pods: 'pods',
  events: 'events',
  deployments: 'deployments',
  replicaSets: 'replicasets',
  services: 'services',
  ingresses: 'ingress',
  persistentVolumeClaims: 'pvcs',
  horizontalPodAutoscalers: 'hpa',
  nodes: 'nodes',
  jobs: 'jobs',
} as const satisfies Partial<Record<keyof ClusterSnapshot, KindName>>;

type SnapshotField = keyof typeof SNAPSHOT_KINDS;

export interface LoadedSnapshot {
  snapshot: ClusterSnapshot;
  /** Kinds RBAC would not let the identity list: left out, so the analyzers needing them say nothing. */
  notLoaded: NotLoadedKindDto[];
}

/**
 * The analyzers over what the cluster says now: each kind the analyzers read (in one namespace, or all)
 * from the shared watch cache, or one LIST when the cache cannot answer, as the caller's context. A kind the identity may not list is left out and named (its
 * problems are then not reported; never guessed); any other failure (unreachable, …) is the answer.
 */
@Injectable()
export class FindingsService {
  constructor(
    @Inject(CLUSTER_PORT) private readonly port: ClusterPort,
    private readonly live: LiveReader,
  ) {}

  async snapshot(context: string, namespace: string | undefined): Promise<LoadedSnapshot> {
    this.port.assertContext(context);
    const fields = Object.keys(SNAPSHOT_KINDS) as SnapshotField[];
    const results = await Promise.allSettled(
      fields.map(async (field) => {
        const kind = SNAPSHOT_KINDS[field];
        const cached = await this.live.objects(context, kind, namespace);
        return cached ?? (await this.port.list(context, kind, KINDS[kind].namespaced && namespace ? { namespace } : {})).items;
      }),
    );
    const snapshot: Record<string, unknown[]> = {};
    const notLoaded: NotLoadedKindDto[] = [];
    for (const [index, result] of results.entries()) {
      const field = fields[index];
      if (result.status === 'fulfilled') {
        snapshot[field] = result.value;
        continue;
      }
      const error: unknown = result.reason;
      if (isClusterError(error) && error.code === 'FORBIDDEN') {
        notLoaded.push({ kind: SNAPSHOT_KINDS[field], reason: `forbidden: ${error.message}` });
        continue;
      }
      throw error;
    }
    // The lists are the port's objects as the apiserver sent them; the analyzers read the same shapes.
    return { snapshot: snapshot as ClusterSnapshot, notLoaded };
  }

  /** 404 (or 403) for an object the caller cannot read, before anything is listed. */
  async assertExists(context: string, kind: KindName, namespace: string | undefined, name: string): Promise<void> {
    await this.port.get(context, kind, name, namespace);
  }

  async findings(context: string, namespace: string | undefined, object?: FindingObject): Promise<{ findings: Finding[]; notLoaded: NotLoadedKindDto[] }> {
    const { snapshot, notLoaded } = await this.snapshot(context, namespace);
    return { findings: object ? analyzeObject(object, snapshot) : analyze(snapshot), notLoaded };
  }
}
