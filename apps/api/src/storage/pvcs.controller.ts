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

@ApiTags('pvcs')
@Controller('pvcs')
export class PersistentVolumeClaimsController {
  constructor(private readonly resources: ResourceService) {}

  @Get()
  @ApiOperation({
    summary: 'List PersistentVolumeClaims',
    description: 'STATUS, VOLUME, CAPACITY, ACCESS MODES and STORAGECLASS as `kubectl get pvc` prints them.',
  })
  @ApiListOk('PersistentVolumeClaimSummary')
  listPersistentVolumeClaims(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['pvcs']>> {
    return this.resources.list('pvcs', context, query);
  }

  @Get(':name')
  @ApiOperation({
    summary: 'Get a PersistentVolumeClaim',
    description: 'The bound volume, the request, conditions and data source.',
  })
  @ApiDetailOk('PersistentVolumeClaimDetail')
  getPersistentVolumeClaim(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['pvcs']> {
    return this.resources.detail('pvcs', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a PersistentVolumeClaim's YAML" })
  @ApiYamlOk()
  async getPersistentVolumeClaimYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('pvcs', context, name, query.namespace);
  }

  @Get(':name/events')
  @ApiOperation({
    summary: "List a PersistentVolumeClaim's events",
    description: 'Newest first: provisioning and binding problems show here.',
  })
  @ApiListOk('EventDto')
  listPersistentVolumeClaimEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('pvcs', context, name, query);
  }
}
