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

@ApiTags('configmaps')
@Controller('configmaps')
export class ConfigMapsController {
  constructor(private readonly resources: ResourceService) {}

  @Get()
  @ApiOperation({
    summary: 'List ConfigMaps',
    description: 'DATA as `kubectl get configmaps` prints it, and the keys.',
  })
  @ApiListOk('ConfigMapSummary')
  listConfigMaps(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['configmaps']>> {
    return this.resources.list('configmaps', context, query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a ConfigMap', description: 'Text values by key; binary values by size only.' })
  @ApiDetailOk('ConfigMapDetail')
  getConfigMap(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['configmaps']> {
    return this.resources.detail('configmaps', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a ConfigMap's YAML" })
  @ApiYamlOk()
  async getConfigMapYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('configmaps', context, name, query.namespace);
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a ConfigMap's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listConfigMapEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('configmaps', context, name, query);
  }
}
