import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventDto } from '@orphelix/contract';
import type { Response } from 'express';
import { ClusterContext } from '../cluster/cluster-context.decorator';
import { ObjectQueryDto } from '../common/query/common-query.dto';
import { NameParam } from '../common/query/name-param';
import type { ListEnvelope } from '../common/query/paginate';
import { ApiDetailOk, ApiListOk, ApiYamlOk } from '../resources/resource-responses';
import { ResourceService } from '../resources/resource.service';
import { EventsQueryDto } from './dto/events-query.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly resources: ResourceService,
    private readonly events: EventsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List events',
    description:
      'Events of every namespace, or of `namespace`; newest first unless `sort` says otherwise ' +
      '(keys: lastTimestamp, firstTimestamp, count, type, reason, kind, name, namespace, age, createdAt). ' +
      '`involvedObject` names the object each one is about.',
  })
  @ApiListOk('EventDto')
  listEvents(@ClusterContext() context: string, @Query() query: EventsQueryDto): Promise<ListEnvelope<EventDto>> {
    return this.events.list(context, query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get an event' })
  @ApiDetailOk('EventDto')
  getEvent(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<EventDto> {
    return this.resources.detail('events', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get an event's YAML" })
  @ApiYamlOk()
  async getEventYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('events', context, name, query.namespace);
  }
}
