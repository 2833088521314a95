import { Inject, Injectable } from '@nestjs/common';
import type { PodLogsResponse, RestartResponse } from '@orphelix/contract';
import { CLUSTER_PORT, ClusterError, type ClusterPort, parseLogLines } from '@orphelix/k8s';
import { invalidField } from '../common/errors/request-validation.error';
import { ResourceService } from '../resources/resource.service';
import { DEFAULT_TAIL_LINES, type PodLogsQueryDto } from './dto/pod-logs-query.dto';

type Pod = Awaited<ReturnType<ResourceService['find']>> & {
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string; controller?: boolean }[] };
  spec?: { containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] };
  status?: { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[]; ephemeralContainerStatuses?: ContainerStatus[] };
};
interface ContainerStatus {
  name: string;
  restartCount?: number;
  lastState?: { terminated?: unknown };
}

export interface PodLogText {
  pod: string;
  namespace: string;
  container: string;
  text: string;
}

/** Pod logs and pod restarts: the rules around them, over the ClusterPort. */
@Injectable()
export class PodsService {
  constructor(
    @Inject(CLUSTER_PORT) private readonly port: ClusterPort,
    private readonly resources: ResourceService,
  ) {}

  /**
   * The log of one container. The container must exist (400 naming `container` otherwise) and, for
   * `previous`, must have a terminated instance (400 naming `previous`): never made-up logs.
   */
  async logText(context: string, name: string, query: PodLogsQueryDto, timestamps: boolean): Promise<PodLogText> {
    const pod = (await this.resources.find('pods', context, name, query.namespace)) as Pod;
    const namespace = pod.metadata?.namespace ?? query.namespace ?? '';
    const container = this.pickContainer(pod, query.container);
    if (query.previous) {
      const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === container);
      if (!status?.lastState?.terminated && !(status?.restartCount ?? 0)) {
        throw invalidField('previous', `container "${container}" of pod "${name}" has no previous (terminated) instance`);
      }
    }
    const text = await this.port.podLogs(context, namespace, name, {
      container,
      tailLines: query.tailLines ?? DEFAULT_TAIL_LINES,
      sinceSeconds: query.sinceSeconds,
      previous: query.previous ?? false,
      timestamps,
    });
    return { pod: name, namespace, container, text };
  }

  async logs(context: string, name: string, query: PodLogsQueryDto): Promise<PodLogsResponse> {
    // Always ask for timestamps: the parser needs them; they are dropped from `logs` unless requested.
    const { pod, namespace, container, text } = await this.logText(context, name, query, true);
    const parsed = parseLogLines(text, { timestamps: true });
    const logs = query.timestamps ? text : parsed.map((l) => l.raw).join('\n') + (parsed.length > 0 ? '\n' : '');
    return { pod, namespace, container, previous: query.previous ?? false, logs, parsed, totalLines: parsed.length };
  }

  /**
   * Restarting a pod deletes it so that its controller recreates it. A pod no controller owns would be
   * gone for good: 409 CONFLICT unless `force`.
   */
  async restart(context: string, name: string, namespace: string | undefined, force: boolean): Promise<RestartResponse> {
    const pod = (await this.resources.find('pods', context, name, namespace)) as Pod;
    const ns = pod.metadata?.namespace ?? namespace ?? '';
    const owner = pod.metadata?.ownerReferences?.find((o) => o.controller) ?? null;
    if (!owner && !force) {
      throw new ClusterError('CONFLICT', `Pod "${name}" has no controller: deleting it would remove it for good. Pass force=true to delete it anyway.`, {
        name,
        namespace: ns,
        context,
        hint: 'force=true',
      });
    }
    await this.port.deletePod(context, ns, name);
    return {
      name,
      namespace: ns,
      context,
      restartedAt: new Date().toISOString(),
      action: 'deleted',
      recreatedBy: owner ? { kind: owner.kind, name: owner.name } : null,
    };
  }

  private pickContainer(pod: Pod, asked: string | undefined): string {
    const names = [
      ...(pod.spec?.containers ?? []),
      ...(pod.spec?.initContainers ?? []),
      ...(pod.spec?.ephemeralContainers ?? []),
    ].map((c) => c.name);
    if (asked) {
      if (!names.includes(asked)) {
        throw invalidField('container', `pod "${pod.metadata?.name}" has no container "${asked}"; it has: ${names.join(', ')}`);
      }
      return asked;
    }
    const preferred = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
    const first = preferred && names.includes(preferred) ? preferred : pod.spec?.containers?.[0]?.name;
    if (!first) throw invalidField('container', `pod "${pod.metadata?.name}" has no containers`);
    return first;
  }
}
