import { Inject, Injectable } from '@nestjs/common';
import type { LogStreamEnd, PodLogsResponse, RestartResponse } from '@orphelix/contract';
import { CLUSTER_PORT, ClusterError, type ClusterPort, parseLogLines } from '@orphelix/k8s';
import { concat, map, type Observable, of } from 'rxjs';
import { invalidField } from '../common/errors/request-validation.error';
import type { SseFrame } from '../common/sse/sse';
import { ResourceService } from '../resources/resource.service';
import { DEFAULT_TAIL_LINES, type PodLogsQueryDto } from './dto/pod-logs-query.dto';
import { primed, streamedLines, withoutTimestamp } from './log-stream';

/**
 * How long a follow waits for the log's first bytes before the event stream starts: an error the
 * apiserver answers within it (403 on `pods/log`, 400 for a container still waiting to start) is
 * still answered with its status; an empty log starts streaming after it.
 */
export const FOLLOW_FIRST_ANSWER_WAIT_MS = 1500;

type Pod = Awaited<ReturnType<ResourceService['find']>> & {
  metadata?: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; controller?: boolean }[];
  };
  spec?: {
    containers?: { name: string }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: { name: string }[];
  };
  status?: {
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    ephemeralContainerStatuses?: ContainerStatus[];
  };
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

/** The pod, namespace and container a log request is about, once checked. */
interface LogTarget {
  pod: string;
  namespace: string;
  container: string;
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
    const { namespace, container } = await this.logTarget(context, name, query);
    const text = await this.port.podLogs(context, namespace, name, {
      container,
      tailLines: query.tailLines ?? DEFAULT_TAIL_LINES,
      sinceSeconds: query.sinceSeconds,
      previous: query.previous ?? false,
      timestamps,
    });
    return { pod: name, namespace, container, text };
  }

  /**
   * `kubectl logs -f` as events: a `log` event per line as the container writes it (after the tail
   * `tailLines`/`sinceSeconds` choose), then `end` when the apiserver ends the log. Everything that
   * can fail before the first event (pod, container, `previous`, the apiserver's own answer) rejects,
   * so that it is answered with its status instead of a stream.
   */
  async follow(context: string, name: string, query: PodLogsQueryDto): Promise<Observable<SseFrame>> {
    const { namespace, container } = await this.logTarget(context, name, query);
    const previous = query.previous ?? false;
    const chunks = await primed(
      this.port.followPodLogs(context, namespace, name, {
        container,
        tailLines: query.tailLines ?? DEFAULT_TAIL_LINES,
        sinceSeconds: query.sinceSeconds,
        previous,
        // Always: the parser needs them; each line's `raw` drops them unless asked for.
        timestamps: true,
      }),
      FOLLOW_FIRST_ANSWER_WAIT_MS,
    );
    const end: LogStreamEnd = {
      reason: previous ? 'previous-read' : 'container-stopped',
      pod: name,
      namespace,
      container,
    };
    return concat(
      streamedLines(chunks, { pod: name, container }, query.timestamps ?? false).pipe(
        map((line): SseFrame => ({ event: 'log', data: line })),
      ),
      of<SseFrame>({ event: 'end', data: end }),
    );
  }

  /** The checks every log read makes before talking to the log endpoint. */
  private async logTarget(context: string, name: string, query: PodLogsQueryDto): Promise<LogTarget> {
    const pod = (await this.resources.find('pods', context, name, query.namespace)) as Pod;
    const namespace = pod.metadata?.namespace ?? query.namespace ?? '';
    const container = this.pickContainer(pod, query.container);
    if (query.previous) {
      const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find(
        (s) => s.name === container,
      );
      if (!status?.lastState?.terminated && !(status?.restartCount ?? 0)) {
        throw invalidField(
          'previous',
          `container "${container}" of pod "${name}" has no previous (terminated) instance`,
        );
      }
    }
    return { pod: name, namespace, container };
  }

  async logs(context: string, name: string, query: PodLogsQueryDto): Promise<PodLogsResponse> {
    // Always ask for timestamps: the parser needs them; they are dropped from `logs` unless requested.
    const { pod, namespace, container, text } = await this.logText(context, name, query, true);
    const parsed = parseLogLines(text, { timestamps: true });
    const logs = query.timestamps
      ? text
      : parsed.map((l) => withoutTimestamp(l.raw, l.timestamp)).join('\n') + (parsed.length > 0 ? '\n' : '');
    return { pod, namespace, container, previous: query.previous ?? false, logs, parsed, totalLines: parsed.length };
  }

  /**
   * Restarting a pod deletes it so that its controller recreates it. A pod no controller owns would be
   * gone for good: 409 CONFLICT unless `force`.
   */
  async restart(
    context: string,
    name: string,
    namespace: string | undefined,
    force: boolean,
  ): Promise<RestartResponse> {
    const pod = (await this.resources.find('pods', context, name, namespace)) as Pod;
    const ns = pod.metadata?.namespace ?? namespace ?? '';
    const owner = pod.metadata?.ownerReferences?.find((o) => o.controller) ?? null;
    if (!owner && !force) {
      throw new ClusterError(
        'CONFLICT',
        `Pod "${name}" has no controller: deleting it would remove it for good. Pass force=true to delete it anyway.`,
        {
          name,
          namespace: ns,
          context,
          hint: 'force=true',
        },
      );
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
        throw invalidField(
          'container',
          `pod "${pod.metadata?.name}" has no container "${asked}"; it has: ${names.join(', ')}`,
        );
      }
      return asked;
    }
    const preferred = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
    const first = preferred && names.includes(preferred) ? preferred : pod.spec?.containers?.[0]?.name;
    if (!first) throw invalidField('container', `pod "${pod.metadata?.name}" has no containers`);
    return first;
  }
}
