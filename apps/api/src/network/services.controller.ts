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
import { NetworkService } from './network.service';

@ApiTags('services')
@Controller('services')
export class ServicesController {
  constructor(
    private readonly resources: ResourceService,
    private readonly network: NetworkService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List services',
    description: 'TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S) as `kubectl get services` prints them.',
  })
  @ApiListOk('ServiceSummary')
  listServices(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['services']>> {
    return this.resources.list('services', context, query);
  }

  @Get(':name')
  @ApiOperation({
    summary: 'Get a service',
    description: 'Ports, selector, cluster and external IPs, load-balancer ingress and traffic policies.',
  })
  @ApiDetailOk('ServiceDetail')
  getService(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['services']> {
    return this.resources.detail('services', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a service's YAML" })
  @ApiYamlOk()
  async getServiceYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('services', context, name, query.namespace);
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a service's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listServiceEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('services', context, name, query);
  }

  @Get(':name/pods')
  @ApiOperation({
    summary: 'List the pods a service selects',
    description:
      "Pods in the service's namespace matching its selector (and `labelSelector`, when given). " +
      'A service without a selector, and an ExternalName service, select none.',
  })
  @ApiListOk('PodSummary')
  listServicePods(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['pods']>> {
    return this.network.pods(context, name, query);
  }
}
