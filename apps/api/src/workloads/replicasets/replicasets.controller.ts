import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DetailByKind, EventDto, SummaryByKind } from '@orphelix/contract';
import type { Response } from 'express';
import { ClusterContext } from '../../cluster/cluster-context.decorator';
import { ListQueryDto, ObjectQueryDto } from '../../common/query/common-query.dto';
import { NameParam } from '../../common/query/name-param';
import type { ListEnvelope } from '../../common/query/paginate';
import { ApiDetailOk, ApiListOk, ApiYamlOk } from '../../resources/resource-responses';
import { ResourceService } from '../../resources/resource.service';
import { REPLICASET_SORT_KEYS } from '../workload-sort-keys';

@ApiTags('replicasets')
@Controller('replicasets')
export class ReplicaSetsController {
  constructor(private readonly resources: ResourceService) {}

  @Get()
  @ApiOperation({
    summary: 'List replicasets',
    description:
      'DESIRED, CURRENT and READY as `kubectl get replicasets` prints them, with the owning deployment and its revision. ' +
      'Extra sort keys: `status`, `ready` (share of desired replicas ready), `replicas`, `revision`.',
  })
  @ApiListOk('ReplicaSetSummary')
  listReplicaSets(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['replicasets']>> {
    return this.resources.list('replicasets', context, query, REPLICASET_SORT_KEYS);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a replicaset', description: 'Counts, conditions, owner and pod template.' })
  @ApiDetailOk('ReplicaSetDetail')
  getReplicaSet(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['replicasets']> {
    return this.resources.detail('replicasets', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a replicaset's YAML" })
  @ApiYamlOk()
  async getReplicaSetYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const yaml = await this.resources.yaml('replicasets', context, name, query.namespace);
    // Only on success: set earlier, it would also label the JSON error envelope as YAML.
    res.type('application/yaml');
    return yaml;
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a replicaset's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listReplicaSetEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('replicasets', context, name, query);
  }
}
