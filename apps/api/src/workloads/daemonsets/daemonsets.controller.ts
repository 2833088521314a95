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
import { DAEMONSET_SORT_KEYS } from '../workload-sort-keys';
import { WorkloadsService } from '../workloads.service';
import { Audited } from '../../auth/audit.interceptor';

@ApiTags('daemonsets')
@Controller('daemonsets')
export class DaemonSetsController {
  constructor(
    private readonly resources: ResourceService,
    private readonly workloads: WorkloadsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List daemonsets',
    description:
      'DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE and NODE SELECTOR as `kubectl get daemonsets` prints them, and a status. ' +
      'Extra sort keys: `status`, `ready` (share of desired pods ready), `desired`, `upToDate`, `available`.',
  })
  @ApiListOk('DaemonSetSummary')
  listDaemonSets(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['daemonsets']>> {
    return this.resources.list('daemonsets', context, query, DAEMONSET_SORT_KEYS);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a daemonset', description: 'Counts, update strategy, conditions and pod template.' })
  @ApiDetailOk('DaemonSetDetail')
  getDaemonSet(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['daemonsets']> {
    return this.resources.detail('daemonsets', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a daemonset's YAML" })
  @ApiYamlOk()
  async getDaemonSetYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const yaml = await this.resources.yaml('daemonsets', context, name, query.namespace);
    // Only on success: set earlier, it would also label the JSON error envelope as YAML.
    res.type('application/yaml');
    return yaml;
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a daemonset's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listDaemonSetEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('daemonsets', context, name, query);
  }

  @Get(':name/pods')
  @ApiOperation({
    summary: "List a daemonset's pods",
    description:
      'The pods the daemonset owns (owner references, not names or labels). `labelSelector` and `fieldSelector` narrow them further.',
  })
  @ApiListOk('PodSummary')
  listDaemonSetPods(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<PodSummary>> {
    return this.workloads.pods('daemonsets', context, name, query);
  }

  @Post(':name/restart')
  @Audited('daemonset.restart')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restart a daemonset',
    description:
      'What `kubectl rollout restart` does: stamps the pod template with `kubectl.kubernetes.io/restartedAt`; the controller ' +
      'replaces the pods node by node (with the OnDelete strategy, only as pods are deleted).',
  })
  @ApiDetailOk('RestartResponse', 'What was done.')
  restartDaemonSet(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<RestartResponse> {
    return this.workloads.restart('daemonsets', context, name, query.namespace);
  }
}
