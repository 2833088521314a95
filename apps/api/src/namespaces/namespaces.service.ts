import { Injectable } from '@nestjs/common';
import type { NamespaceOverview, ResourceKindName } from '@orphelix/contract';
import { buildDashboardSummary, isClusterError } from '@orphelix/k8s';
import { ResourceService } from '../resources/resource.service';

@Injectable()
export class NamespacesService {
  constructor(private readonly resources: ResourceService) {}

  /**
   * The namespace with its quotas and counts. The namespace itself must be readable; a kind the caller
   * may not list inside it only empties its section (named in `forbidden`), as the dashboard does.
   */
  async overview(context: string, name: string, namespace?: string): Promise<NamespaceOverview> {
    // `namespace` is ignored for the cluster-scoped Namespace, as on every cluster-scoped route.
    const detail = await this.resources.detail('namespaces', context, name, namespace);
    const forbidden: ResourceKindName[] = [];
    const listOrNull = async <K extends 'pods' | 'deployments' | 'services' | 'resourcequotas'>(kind: K) => {
      try {
        return (await this.resources.list(kind, context, { namespace: name })).items;
      } catch (error) {
        if (isClusterError(error) && error.code === 'FORBIDDEN') {
          forbidden.push(kind);
          return null;
        }
        throw error;
      }
    };
    const [pods, deployments, services, resourceQuotas] = await Promise.all([
      listOrNull('pods'),
      listOrNull('deployments'),
      listOrNull('services'),
      listOrNull('resourcequotas'),
    ]);
    // The dashboard's counting rules, so a namespace page and the dashboard filtered to it agree.
    const summary = buildDashboardSummary(
      {
        context,
        namespace: name,
        deployments,
        pods,
        services,
        statefulsets: null,
        daemonsets: null,
        nodes: null,
        jobs: null,
        cronjobs: null,
        ingress: null,
        configmaps: null,
        secrets: null,
        hpa: null,
        pvs: null,
        pvcs: null,
      },
      new Date(),
    );
    let podsByStatus: Record<string, number> | null = null;
    if (pods) {
      podsByStatus = {};
      for (const pod of pods) podsByStatus[pod.status] = (podsByStatus[pod.status] ?? 0) + 1;
    }
    return {
      ...detail,
      resourceQuotas,
      counts: { pods: summary.pods, podsByStatus, deployments: summary.deployments, services: summary.services },
      forbidden: forbidden.sort(),
    };
  }
}
