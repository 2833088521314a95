import { Inject, Injectable } from '@nestjs/common';
import type { ContextDto, TestConnectionDto } from '@orphelix/contract';
import { CLUSTER_PORT, type ClusterPort } from '@orphelix/k8s';
import type { ListEnvelope } from '../common/query/paginate';

/** The kubeconfig's contexts and the connectivity probe, read through the port: never via kubectl. */
@Injectable()
export class ConnectionService {
  constructor(@Inject(CLUSTER_PORT) private readonly port: ClusterPort) {}

  /** Sorted by name, as `kubectl config get-contexts` prints them. */
  contexts(): ListEnvelope<ContextDto> {
    const items = this.port
      .contexts()
      .map(
        ({ name, cluster, server, user, namespace, current }): ContextDto => ({
          name,
          cluster,
          server,
          user,
          namespace,
          current,
        }),
      )
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { items, total: items.length, offset: 0, limit: null, resourceVersion: null };
  }

  /**
   * Asks the apiserver for its version (the round trip is the latency) and whether the identity may
   * list namespaces. A failure of either keeps its own status: an unreachable cluster is a 503 whose
   * details say why, a refused identity a 401 or 403, never a 200 that reads like success.
   */
  async test(context: string): Promise<TestConnectionDto> {
    const checkedAt = new Date().toISOString();
    const started = performance.now();
    const version = await this.port.version(context);
    const latencyMs = Math.round(performance.now() - started);
    const canListNamespaces = await this.port.canI(context, 'list', 'namespaces');
    const server = this.port.contexts().find((c) => c.name === context)?.server ?? '';
    return {
      context,
      ok: true,
      status: 'connected',
      message: `Connected to ${server || 'the cluster'} (Kubernetes ${version.gitVersion}) in ${latencyMs} ms`,
      serverVersion: version.gitVersion,
      platform: version.platform,
      latencyMs,
      canListNamespaces,
      code: null,
      checkedAt,
    };
  }
}
