import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DetailByKind, EventDto, SummaryByKind } from '@orphelix/contract';
import type { Response } from 'express';
import { ClusterContext } from '../cluster/cluster-context.decorator';
import { ListQueryDto, ObjectQueryDto } from '../common/query/common-query.dto';
import { NameParam } from '../common/query/name-param';
import type { ListEnvelope } from '../common/query/paginate';
import { ApiDetailOk, ApiListOk, ApiYamlOk } from '../resources/resource-responses';
import { ResourceService } from '../resources/resource.service';

@ApiTags('hpa')
@Controller('hpa')
export class HpaController {
  constructor(private readonly resources: ResourceService) {}

  @Get()
  @ApiOperation({
    summary: 'List HorizontalPodAutoscalers',
    description:
      'REFERENCE, TARGETS, MINPODS, MAXPODS and REPLICAS as `kubectl get hpa` prints them; every metric, not only CPU.',
  })
  @ApiListOk('HpaSummary')
  listHpas(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['hpa']>> {
    return this.resources.list('hpa', context, query);
  }

  @Get(':name')
  @ApiOperation({
    summary: 'Get a HorizontalPodAutoscaler',
    description: 'Metrics with current values, and the scaling conditions.',
  })
  @ApiDetailOk('HpaDetail')
  getHpa(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['hpa']> {
    return this.resources.detail('hpa', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a HorizontalPodAutoscaler's YAML" })
  @ApiYamlOk()
  async getHpaYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('hpa', context, name, query.namespace);
  }

  @Get(':name/events')
  @ApiOperation({
    summary: "List a HorizontalPodAutoscaler's events",
    description: 'Newest first: scaling decisions and metric failures.',
  })
  @ApiListOk('EventDto')
  listHpaEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('hpa', context, name, query);
  }
}
