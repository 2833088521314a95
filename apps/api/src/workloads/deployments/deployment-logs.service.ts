import { Inject, Injectable } from '@nestjs/common';
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { DeploymentLogsResponse, LogSource, LogStreamLine, SkippedLogSource } from '@orphelix/contract';
import {
  CLUSTER_PORT,
  type ClusterPort,
  isClusterError,
  isOwnedBy,
  labelSelectorToString,
  parseLogLines,
} from '@orphelix/k8s';
import type { Observable } from 'rxjs';
import { invalidField } from '../../common/errors/request-validation.error';
import type { SseFrame } from '../../common/sse/sse';
import { mergeByTimestamp, withoutTimestamp } from '../../pods/log-stream';
import { ResourceService } from '../../resources/resource.service';
import { containerInstance, type DeploymentLogTarget, followDeploymentLogs } from './deployment-log-follower';
import { DEPLOYMENT_DEFAULT_TAIL_LINES, type DeploymentLogsQueryDto } from './deployment-logs-query.dto';

/** Logs read at once when a deployment has many pods. */
const READ_CONCURRENCY = 8;

/** The pods of a deployment, found before reading or following their logs. */
interface DeploymentPods {
  pods: V1Pod[];
  resourceVersion: string;
  /** ReplicaSet uid → whether the deployment owns it. */
  ownedReplicaSets: Map<string, boolean>;
}

/** Runs `work` over `items`, at most `limit` at a time, keeping their order in the result. */
async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The logs of every pod of a deployment, merged: read once (`kubectl logs -l <selector> --prefix`,
 * sorted by time) or followed as pods come and go during a rollout.
 */
@Injectable()
export class DeploymentLogsService {
  constructor(
    @Inject(CLUSTER_PORT) private readonly port: ClusterPort,
    private readonly resources: ResourceService,
  ) {}

  async logs(context: string, name: string, query: DeploymentLogsQueryDto): Promise<DeploymentLogsResponse> {
    const target = await this.target(context, name, query);
    const { pods } = await this.podsOf(target);
    const previous = query.previous ?? false;
    const sources: { pod: string; container: string }[] = [];
    const skipped: SkippedLogSource[] = [];
    for (const pod of pods) {
      const podName = pod.metadata?.name ?? '';
      const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
      for (const container of this.containersOf(pod, target)) {
        const status = statuses.find((s) => s.name === container);
        if (
          previous ? !status?.lastState?.terminated && !(status?.restartCount ?? 0) : containerInstance(status) === null
        ) {
          skipped.push({
            pod: podName,
            container,
            reason: previous
              ? 'no previous (terminated) instance'
              : `not started${status?.state?.waiting?.reason ? `: ${status.state.waiting.reason}` : ''}`,
          });
          continue;
        }
        sources.push({ pod: podName, container });
      }
    }
    const read = await mapLimit(sources, READ_CONCURRENCY, async (source): Promise<LogStreamLine[] | string> => {
      try {
        const text = await this.port.podLogs(context, target.namespace, source.pod, {
          container: source.container,
          tailLines: query.tailLines ?? DEPLOYMENT_DEFAULT_TAIL_LINES,
          sinceSeconds: query.sinceSeconds,
          previous,
          timestamps: true,
        });
        return parseLogLines(text, { timestamps: true, ...source }) as LogStreamLine[];
      } catch (error) {
        // A pod deleted meanwhile, or a container not started after all: that source is skipped.
        if (isClusterError(error) && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION_ERROR'))
          return error.message;
        throw error;
      }
    });
    const readSources: LogSource[] = [];
    const lines: LogStreamLine[][] = [];
    read.forEach((result, i) => {
      const source = sources[i] as { pod: string; container: string };
      if (typeof result === 'string') skipped.push({ ...source, reason: result });
      else {
        readSources.push({ ...source, lines: result.length });
        lines.push(result);
      }
    });
    const parsed = mergeByTimestamp(lines);
    return {
      name,
      namespace: target.namespace,
      container: target.container,
      previous,
      sources: readSources,
      skipped,
      parsed,
      totalLines: parsed.length,
    };
  }

  /** The merged lines as text, each prefixed like `kubectl logs --prefix`: `[pod/<pod>/<container>] `. */
  async logText(context: string, name: string, query: DeploymentLogsQueryDto): Promise<string> {
    const { parsed } = await this.logs(context, name, query);
    return parsed
      .map((l) => `[pod/${l.pod}/${l.container}] ${query.timestamps ? l.raw : withoutTimestamp(l.raw, l.timestamp)}\n`)
      .join('');
  }

  /**
   * The followed logs of every pod as events. The deployment, the container and the first list of pods
   * are checked before streaming, so their failures are answered with their status.
   */
  async follow(
    context: string,
    name: string,
    query: DeploymentLogsQueryDto,
    requestId: string,
  ): Promise<Observable<SseFrame>> {
    if (query.previous) {
      throw invalidField(
        'previous',
        "previous instances have ended and cannot be followed across a deployment's pods: read them without follow",
      );
    }
    const target = await this.target(context, name, query);
    const start = await this.podsOf(target);
    return followDeploymentLogs(this.port, target, start, {
      tailLines: query.tailLines ?? DEPLOYMENT_DEFAULT_TAIL_LINES,
      sinceSeconds: query.sinceSeconds,
      timestamps: query.timestamps ?? false,
      requestId,
    });
  }

  private async target(context: string, name: string, query: DeploymentLogsQueryDto): Promise<DeploymentLogTarget> {
    const deployment: V1Deployment = await this.resources.find('deployments', context, name, query.namespace);
    const namespace = deployment.metadata?.namespace ?? query.namespace ?? '';
    const template = deployment.spec?.template?.spec;
    const names = [...(template?.containers ?? []), ...(template?.initContainers ?? [])].map((c) => c.name);
    if (query.container && !names.includes(query.container)) {
      throw invalidField(
        'container',
        `deployment "${name}" has no container "${query.container}"; its pods have: ${names.join(', ')}`,
      );
    }
    return {
      context,
      name,
      namespace,
      uid: deployment.metadata?.uid ?? '',
      // apps/v1 requires a selector; without one every pod of the namespace is listed and ownership decides.
      labelSelector: labelSelectorToString(deployment.spec?.selector) ?? '',
      container: query.container ?? null,
    };
  }

  /** The pods the deployment owns through its ReplicaSets (never by label or name alone). */
  private async podsOf(target: DeploymentLogTarget): Promise<DeploymentPods> {
    const [replicaSets, pods] = await Promise.all([
      this.port.list(target.context, 'replicasets', {
        namespace: target.namespace,
        labelSelector: target.labelSelector,
      }),
      this.port.list(target.context, 'pods', { namespace: target.namespace, labelSelector: target.labelSelector }),
    ]);
    const ownedReplicaSets = new Map<string, boolean>();
    for (const rs of replicaSets.items)
      if (rs.metadata?.uid) ownedReplicaSets.set(rs.metadata.uid, isOwnedBy(rs, target.uid));
    const owned = pods.items.filter((pod) => {
      const ref = pod.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'ReplicaSet');
      return ref !== undefined && ownedReplicaSets.get(ref.uid) === true;
    });
    owned.sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    return { pods: owned, resourceVersion: pods.resourceVersion ?? '', ownedReplicaSets };
  }

  private containersOf(pod: V1Pod, target: DeploymentLogTarget): string[] {
    const names = (pod.spec?.containers ?? []).map((c) => c.name);
    if (target.container === null) return names;
    const all = [...names, ...(pod.spec?.initContainers ?? []).map((c) => c.name)];
    return all.includes(target.container) ? [target.container] : [];
  }
}
