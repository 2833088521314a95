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

@ApiTags('ingress')
@Controller('ingress')
export class IngressController {
  constructor(private readonly resources: ResourceService) {}

  @Get()
  @ApiOperation({
    summary: 'List ingresses',
    description: 'CLASS, HOSTS, ADDRESS and PORTS as `kubectl get ingress` prints them.',
  })
  @ApiListOk('IngressSummary')
  listIngresses(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['ingress']>> {
    return this.resources.list('ingress', context, query);
  }

  @Get(':name')
  @ApiOperation({
    summary: 'Get an ingress',
    description: 'Rules with their backends, TLS, and the services and secrets it uses.',
  })
  @ApiDetailOk('IngressDetail')
  getIngress(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['ingress']> {
    return this.resources.detail('ingress', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get an ingress's YAML" })
  @ApiYamlOk()
  async getIngressYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('ingress', context, name, query.namespace);
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List an ingress's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listIngressEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('ingress', context, name, query);
  }
}
