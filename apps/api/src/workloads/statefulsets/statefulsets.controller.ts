import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DetailByKind, EventDto, PodSummary, RestartResponse, SummaryByKind } from '@orphelix/contract';
import type { Response } from 'express';
import { ClusterContext } from '../../cluster/cluster-context.decorator';
import { ListQueryDto, ObjectQueryDto } from '../../common/query/common-query.dto';
import { NameParam } from '../../common/query/name-param';
import type { ListEnvelope } from '../../common/query/paginate';
import { ApiDetailOk, ApiListOk, ApiYamlOk } from '../../resources/resource-responses';
import { ResourceService } from '../../resources/resource.service';
import { STATEFULSET_SORT_KEYS } from '../workload-sort-keys';
import { WorkloadsService } from '../workloads.service';
import { Audited } from '../../auth/audit.interceptor';

@ApiTags('statefulsets')
@Controller('statefulsets')
export class StatefulSetsController {
  constructor(
    private readonly resources: ResourceService,
    private readonly workloads: WorkloadsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List statefulsets',
    description:
      'READY as `kubectl get statefulsets` prints it, and a status from the counts and revisions (Available, Progressing, ' +
      'Degraded, ScaledDown). Extra sort keys: `status`, `ready` (share of desired replicas ready), `replicas`.',
  })
  @ApiListOk('StatefulSetSummary')
  listStatefulSets(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['statefulsets']>> {
    return this.resources.list('statefulsets', context, query, STATEFULSET_SORT_KEYS);
  }

  @Get(':name')
  @ApiOperation({
    summary: 'Get a statefulset',
    description: 'Update strategy and revisions, volume claim templates, conditions and pod template.',
  })
  @ApiDetailOk('StatefulSetDetail')
  getStatefulSet(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['statefulsets']> {
    return this.resources.detail('statefulsets', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a statefulset's YAML" })
  @ApiYamlOk()
  async getStatefulSetYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const yaml = await this.resources.yaml('statefulsets', context, name, query.namespace);
    // Only on success: set earlier, it would also label the JSON error envelope as YAML.
    res.type('application/yaml');
    return yaml;
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a statefulset's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listStatefulSetEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('statefulsets', context, name, query);
  }

  @Get(':name/pods')
  @ApiOperation({
    summary: "List a statefulset's pods",
    description:
      'The pods the statefulset owns (owner references, not names or labels). `labelSelector` and `fieldSelector` narrow them further.',
  })
  @ApiListOk('PodSummary')
  listStatefulSetPods(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<PodSummary>> {
    return this.workloads.pods('statefulsets', context, name, query);
  }

  @Post(':name/restart')
  @Audited('statefulset.restart')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restart a statefulset',
    description:
      'What `kubectl rollout restart` does: stamps the pod template with `kubectl.kubernetes.io/restartedAt`; the controller ' +
      'replaces the pods from the highest ordinal down (with the OnDelete strategy, only as pods are deleted).',
  })
  @ApiDetailOk('RestartResponse', 'What was done.')
  restartStatefulSet(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<RestartResponse> {
    return this.workloads.restart('statefulsets', context, name, query.namespace);
  }
}
