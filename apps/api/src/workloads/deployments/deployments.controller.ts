import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  DetailByKind,
  EventDto,
  PodSummary,
  ReplicaSetSummary,
  RestartResponse,
  SummaryByKind,
} from '@orphelix/contract';
import type { Response } from 'express';
import { ClusterContext } from '../../cluster/cluster-context.decorator';
import { ListQueryDto, ObjectQueryDto } from '../../common/query/common-query.dto';
import { NameParam } from '../../common/query/name-param';
import type { ListEnvelope } from '../../common/query/paginate';
import { ApiDetailOk, ApiListOk, ApiYamlOk } from '../../resources/resource-responses';
import { ResourceService } from '../../resources/resource.service';
import { DEPLOYMENT_SORT_KEYS } from '../workload-sort-keys';
import { WorkloadsService } from '../workloads.service';

@ApiTags('deployments')
@Controller('deployments')
export class DeploymentsController {
  constructor(
    private readonly resources: ResourceService,
    private readonly workloads: WorkloadsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List deployments',
    description:
      'READY, UP-TO-DATE and AVAILABLE as `kubectl get deployments` prints them, and a status from the conditions and counts ' +
      '(Available, Progressing, Degraded, ScaledDown). Extra sort keys: `status`, `ready` (share of desired replicas ready), ' +
      '`replicas`, `upToDate`, `available`.',
  })
  @ApiListOk('DeploymentSummary')
  listDeployments(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['deployments']>> {
    return this.resources.list('deployments', context, query, DEPLOYMENT_SORT_KEYS);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a deployment', description: 'Strategy, conditions, pod template and revision.' })
  @ApiDetailOk('DeploymentDetail')
  getDeployment(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['deployments']> {
    return this.resources.detail('deployments', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a deployment's YAML" })
  @ApiYamlOk()
  async getDeploymentYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const yaml = await this.resources.yaml('deployments', context, name, query.namespace);
    // Only on success: set earlier, it would also label the JSON error envelope as YAML.
    res.type('application/yaml');
    return yaml;
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a deployment's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listDeploymentEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('deployments', context, name, query);
  }

  @Get(':name/pods')
  @ApiOperation({
    summary: "List a deployment's pods",
    description:
      "The pods owned by the deployment's ReplicaSets (every revision, so a rollout shows old and new pods), found through " +
      'owner references: never by name prefix or labels. `labelSelector` and `fieldSelector` narrow them further.',
  })
  @ApiListOk('PodSummary')
  listDeploymentPods(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<PodSummary>> {
    return this.workloads.pods('deployments', context, name, query);
  }

  @Get(':name/replicasets')
  @ApiOperation({
    summary: "List a deployment's ReplicaSets",
    description:
      'The ReplicaSets the deployment owns, one per revision, newest revision first (`sort=-revision` by default).',
  })
  @ApiListOk('ReplicaSetSummary')
  listDeploymentReplicaSets(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<ReplicaSetSummary>> {
    return this.workloads.replicaSets(context, name, query);
  }

  @Post(':name/restart')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restart a deployment',
    description:
      'What `kubectl rollout restart` does: stamps the pod template with `kubectl.kubernetes.io/restartedAt`, and the deployment ' +
      'rolls every pod onto a new ReplicaSet. A paused deployment answers 409 (resume it first).',
  })
  @ApiDetailOk('RestartResponse', 'What was done.', 409)
  restartDeployment(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<RestartResponse> {
    return this.workloads.restart('deployments', context, name, query.namespace);
  }
}
