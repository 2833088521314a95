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

@ApiTags('resourcequotas')
@Controller('resourcequotas')
export class ResourceQuotasController {
  constructor(private readonly resources: ResourceService) {}

  @Get()
  @ApiOperation({
    summary: 'List ResourceQuotas',
    description: 'REQUEST and LIMIT as `kubectl get resourcequota` prints them, and usage per resource.',
  })
  @ApiListOk('ResourceQuotaSummary')
  listResourceQuotas(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['resourcequotas']>> {
    return this.resources.list('resourcequotas', context, query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a ResourceQuota', description: 'Hard limits, usage and scopes.' })
  @ApiDetailOk('ResourceQuotaDetail')
  getResourceQuota(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['resourcequotas']> {
    return this.resources.detail('resourcequotas', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a ResourceQuota's YAML" })
  @ApiYamlOk()
  async getResourceQuotaYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('resourcequotas', context, name, query.namespace);
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a ResourceQuota's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listResourceQuotaEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('resourcequotas', context, name, query);
  }
}
