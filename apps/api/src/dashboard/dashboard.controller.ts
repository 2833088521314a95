import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ClusterHealth, DashboardSummary } from '@orphelix/contract';
import { ClusterContext } from '../cluster/cluster-context.decorator';
import { ObjectQueryDto } from '../common/query/common-query.dto';
import { ApiDetailOk } from '../resources/resource-responses';
import { DashboardService } from './dashboard.service';

const SCOPE =
  '`namespace` narrows the namespaced sections (omitted: all namespaces); nodes and persistent volumes are ' +
  'always cluster-wide.';

const HEALTH_FORMULA = `
Starts at 100 and subtracts, for each rule, the first penalty that applies:

| Condition | Penalty |
|---|---|
| Degraded deployments > 50 % of all deployments | −30 |
| Degraded deployments > 20 % | −15 |
| Any other degraded deployment | −5 |
| Failing pods > 10 % of all pods | −20 |
| Any failing pod (≤ 10 %) | −10 |
| Pending pods > 20 % | −10 |
| Not-ready nodes > 30 % of all nodes | −25 |
| Any not-ready node (≤ 30 %) | −15 |
| Unbound persistent volumes > 5 | −15 |
| 1–5 unbound persistent volumes | −5 |

The score is clamped to 0–100: \`healthy\` at 80 or more, \`warning\` at 50 or more, else \`critical\`.
Only \`Degraded\` deployments count (a rolling update, \`Progressing\`, is not a problem). A pod is failing
when its STATUS is a failure (CrashLoopBackOff, ImagePullBackOff, OOMKilled, Error, phase Failed, …),
whatever its phase. A kind the identity may not list is left out and the result is \`partial\`.
`.trim();

@ApiTags('dashboard')
@Controller()
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('dashboard/summary')
  @ApiOperation({
    summary: 'Summarise the cluster',
    description:
      'Counts of deployments, statefulsets, daemonsets, pods, nodes, jobs, cronjobs, services, ingresses, ConfigMaps, ' +
      `Secrets, HPAs, PVs and PVCs, with the health score. ${SCOPE} A section the identity may not list (403 from ` +
      'the apiserver) is `null` and named in `forbidden`; the rest is served. Any other failure, such as an ' +
      'unreachable cluster, answers with its own status.',
  })
  @ApiDetailOk('DashboardSummary', 'The counts; forbidden sections are `null` and listed in `forbidden`.')
  getDashboardSummary(@ClusterContext() context: string, @Query() query: ObjectQueryDto): Promise<DashboardSummary> {
    return this.dashboard.summary(context, query.namespace);
  }

  @Get('cluster-health')
  @ApiOperation({ summary: 'Score the health of the cluster', description: `${HEALTH_FORMULA}\n\n${SCOPE}` })
  @ApiDetailOk('ClusterHealth', 'The score and the issues that cost points, largest penalty first.')
  getClusterHealth(@ClusterContext() context: string, @Query() query: ObjectQueryDto): Promise<ClusterHealth> {
    return this.dashboard.health(context, query.namespace);
  }
}
