import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventDto, NamespaceOverview, SummaryByKind } from '@orphelix/contract';
import type { Response } from 'express';
import { ClusterContext } from '../cluster/cluster-context.decorator';
import { ListQueryDto, ObjectQueryDto } from '../common/query/common-query.dto';
import { NameParam } from '../common/query/name-param';
import type { ListEnvelope } from '../common/query/paginate';
import { ApiDetailOk, ApiListOk, ApiYamlOk } from '../resources/resource-responses';
import { ResourceService } from '../resources/resource.service';
import { NamespacesService } from './namespaces.service';

@ApiTags('namespaces')
@Controller('namespaces')
export class NamespacesController {
  constructor(
    private readonly resources: ResourceService,
    private readonly namespaces: NamespacesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List namespaces', description: 'Namespaces are cluster-scoped: `namespace` is ignored.' })
  @ApiListOk('NamespaceSummary')
  listNamespaces(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['namespaces']>> {
    return this.resources.list('namespaces', context, query);
  }

  @Get(':name')
  @ApiOperation({
    summary: 'Get a namespace',
    description:
      'The namespace with its ResourceQuotas and counts of pods (by status), deployments and services. ' +
      'A kind the caller may not list there gives a `null` section named in `forbidden`.',
  })
  @ApiDetailOk('NamespaceOverview')
  getNamespace(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<NamespaceOverview> {
    return this.namespaces.overview(context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a namespace's YAML" })
  @ApiYamlOk()
  async getNamespaceYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('namespaces', context, name, query.namespace);
  }

  @Get(':name/events')
  @ApiOperation({
    summary: "List a namespace's events",
    description: 'Events about the Namespace object itself, newest first.',
  })
  @ApiListOk('EventDto')
  listNamespaceEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('namespaces', context, name, query);
  }
}
