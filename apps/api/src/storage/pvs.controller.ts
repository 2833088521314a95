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

@ApiTags('pvs')
@Controller('pvs')
export class PersistentVolumesController {
  constructor(private readonly resources: ResourceService) {}

  @Get()
  @ApiOperation({
    summary: 'List PersistentVolumes',
    description: 'As `kubectl get pv` prints them. PersistentVolumes are cluster-scoped: `namespace` is ignored.',
  })
  @ApiListOk('PersistentVolumeSummary')
  listPersistentVolumes(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['pvs']>> {
    return this.resources.list('pvs', context, query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a PersistentVolume', description: 'Capacity, access modes, claim, source and status.' })
  @ApiDetailOk('PersistentVolumeDetail')
  getPersistentVolume(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['pvs']> {
    return this.resources.detail('pvs', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a PersistentVolume's YAML" })
  @ApiYamlOk()
  async getPersistentVolumeYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('pvs', context, name, query.namespace);
  }

  @Get(':name/events')
  @ApiOperation({
    summary: "List a PersistentVolume's events",
    description: 'Newest first, from whichever namespace they were recorded in.',
  })
  @ApiListOk('EventDto')
  listPersistentVolumeEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('pvs', context, name, query);
  }
}
