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
import { NodesService } from './nodes.service';

@ApiTags('nodes')
@Controller('nodes')
export class NodesController {
  constructor(
    private readonly resources: ResourceService,
    private readonly nodes: NodesService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List nodes',
    description:
      'STATUS, ROLES and VERSION as `kubectl get nodes` prints them. Nodes are cluster-scoped: `namespace` is ignored.',
  })
  @ApiListOk('NodeSummary')
  listNodes(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['nodes']>> {
    return this.resources.list('nodes', context, query);
  }

  @Get(':name')
  @ApiOperation({
    summary: 'Get a node',
    description: 'Conditions (pressure included), capacity, allocatable, taints and addresses.',
  })
  @ApiDetailOk('NodeDetail')
  getNode(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['nodes']> {
    return this.resources.detail('nodes', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a node's YAML" })
  @ApiYamlOk()
  async getNodeYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('nodes', context, name, query.namespace);
  }

  @Get(':name/events')
  @ApiOperation({
    summary: "List a node's events",
    description: 'Newest first, from whichever namespace they were recorded in.',
  })
  @ApiListOk('EventDto')
  listNodeEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('nodes', context, name, query);
  }

  @Get(':name/pods')
  @ApiOperation({
    summary: 'List the pods on a node',
    description:
      'Pods whose `spec.nodeName` is the node, in every namespace unless `namespace` is given. An unknown node is a 404.',
  })
  @ApiListOk('PodSummary')
  listNodePods(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['pods']>> {
    return this.nodes.pods(context, name, query);
  }
}
