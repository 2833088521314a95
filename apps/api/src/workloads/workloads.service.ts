import { Inject, Injectable } from '@nestjs/common';
import type { JobSummary, PodSummary, ReplicaSetSummary, RestartResponse } from '@orphelix/contract';
import {
  CLUSTER_PORT,
  ClusterError,
  type ClusterPort,
  type HasMetadata,
  isOwnedBy,
  KINDS,
  type KindObjectMap,
  podBelongsTo,
  toSummary,
} from '@orphelix/k8s';
import type { ListQueryDto } from '../common/query/common-query.dto';
import { type ListEnvelope, paginate } from '../common/query/paginate';
import { ResourceService } from '../resources/resource.service';
import { JOB_SORT_KEYS, POD_SORT_KEYS, REPLICASET_SORT_KEYS } from './workload-sort-keys';

/** Workloads that own their pods directly (a Deployment owns them through its ReplicaSets). */
export type PodOwnerKind = 'deployments' | 'statefulsets' | 'daemonsets' | 'jobs';

/** Workloads `kubectl rollout restart` can restart. */
export type RestartableKind = 'deployments' | 'statefulsets' | 'daemonsets';

/**
 * What the workload routes add to the generic read side: the objects a workload owns, found through
 * owner references only (a name prefix or a label guess misattributes pods of look-alike workloads),
 * and the rollout restart.
 */
@Injectable()
export class WorkloadsService {
  constructor(
    @Inject(CLUSTER_PORT) private readonly port: ClusterPort,
    private readonly resources: ResourceService,
  ) {}

  /**
   * The pods a workload owns: for a Deployment, the pods owned by any of its ReplicaSets (old revisions
   * included, so a rollout shows both sides); otherwise the pods owned by the workload itself. The
   * query's selectors narrow the pods further.
   */
  async pods(
    kind: PodOwnerKind,
    context: string,
    name: string,
    query: ListQueryDto,
  ): Promise<ListEnvelope<PodSummary>> {
    const owner: HasMetadata = await this.resources.find(kind, context, name, query.namespace);
    const namespace = owner.metadata?.namespace ?? query.namespace;
    const ownerUids = kind === 'deployments' ? await this.replicaSetUids(context, owner, namespace) : uidsOf([owner]);
    const { items, resourceVersion } = await this.port.list(context, 'pods', {
      namespace,
      labelSelector: query.labelSelector,
      fieldSelector: query.fieldSelector,
    });
    const now = new Date();
    const owned = ownerUids.length === 0 ? [] : items.filter((pod) => podBelongsTo(pod, ownerUids));
    return paginate(
      owned.map((pod) => toSummary('pods', pod, now)),
      query,
      { resourceVersion, sortKeys: POD_SORT_KEYS },
    );
  }

  /** A Deployment's ReplicaSets, newest revision first unless `sort` says otherwise. */
  async replicaSets(context: string, name: string, query: ListQueryDto): Promise<ListEnvelope<ReplicaSetSummary>> {
    const deployment = await this.resources.find('deployments', context, name, query.namespace);
    const { items, resourceVersion } = await this.port.list(context, 'replicasets', {
      namespace: deployment.metadata?.namespace ?? query.namespace,
      labelSelector: query.labelSelector,
      fieldSelector: query.fieldSelector,
    });
    const now = new Date();
    return paginate(
      ownedBy(items, deployment).map((rs) => toSummary('replicasets', rs, now)),
      { ...query, sort: query.sort ?? '-revision' },
      { resourceVersion, sortKeys: REPLICASET_SORT_KEYS },
    );
  }

  /** The Jobs a CronJob created, newest first unless `sort` says otherwise. */
  async cronJobJobs(context: string, name: string, query: ListQueryDto): Promise<ListEnvelope<JobSummary>> {
    const cronJob = await this.resources.find('cronjobs', context, name, query.namespace);
    const { items, resourceVersion } = await this.port.list(context, 'jobs', {
      namespace: cronJob.metadata?.namespace ?? query.namespace,
      labelSelector: query.labelSelector,
      fieldSelector: query.fieldSelector,
    });
    const now = new Date();
    return paginate(
      ownedBy(items, cronJob).map((job) => toSummary('jobs', job, now)),
      { ...query, sort: query.sort ?? '-createdAt' },
      { resourceVersion, sortKeys: JOB_SORT_KEYS },
    );
  }

  /**
   * `kubectl rollout restart`: stamps the pod template so the controller replaces every pod. Like
   * kubectl, a paused Deployment is refused: the stamp would sit unrolled until someone resumes it,
   * together with whatever else changed meanwhile.
   */
  async restart(
    kind: RestartableKind,
    context: string,
    name: string,
    namespace: string | undefined,
  ): Promise<RestartResponse> {
    const workload: KindObjectMap[RestartableKind] = await this.resources.find(kind, context, name, namespace);
    const ns = workload.metadata?.namespace ?? namespace ?? '';
    if (kind === 'deployments' && (workload as KindObjectMap['deployments']).spec?.paused) {
      throw new ClusterError('CONFLICT', `Deployment "${name}" is paused: resume its rollout before restarting it.`, {
        kind: KINDS[kind].kind,
        name,
        namespace: ns,
        context,
        reason: 'paused',
      });
    }
    const { restartedAt } = await this.port.restartWorkload(context, kind, ns, name, new Date());
    return { name, namespace: ns, context, restartedAt, action: 'rollout', recreatedBy: null };
  }

  private async replicaSetUids(
    context: string,
    deployment: HasMetadata,
    namespace: string | undefined,
  ): Promise<string[]> {
    const { items } = await this.port.list(context, 'replicasets', { namespace });
    return uidsOf(ownedBy(items, deployment));
  }
}

function uidsOf(objects: HasMetadata[]): string[] {
  return objects.map((o) => o.metadata?.uid).filter((uid): uid is string => !!uid);
}

function ownedBy<T extends HasMetadata>(items: T[], owner: HasMetadata): T[] {
  const uid = owner.metadata?.uid;
  return uid ? items.filter((item) => isOwnedBy(item, uid)) : [];
}
