import { Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { DetailByKind, EventDto, PodLogsResponse, RestartResponse, SummaryByKind } from '@orphelix/contract';
import type { Response } from 'express';
import { ClusterContext } from '../cluster/cluster-context.decorator';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { ListQueryDto, ObjectQueryDto } from '../common/query/common-query.dto';
import { NameParam } from '../common/query/name-param';
import type { ListEnvelope } from '../common/query/paginate';
import { schemaRef } from '../openapi/contract-schemas';
import { ApiDetailOk, ApiListOk, ApiYamlOk } from '../resources/resource-responses';
import { ResourceService } from '../resources/resource.service';
import { PodLogsQueryDto } from './dto/pod-logs-query.dto';
import { PodRestartQueryDto } from './dto/pod-restart-query.dto';
import { PodsService } from './pods.service';

@ApiTags('pods')
@Controller('pods')
export class PodsController {
  constructor(
    private readonly resources: ResourceService,
    private readonly pods: PodsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List pods', description: 'STATUS, READY and RESTARTS as `kubectl get pods` prints them.' })
  @ApiListOk('PodSummary')
  listPods(@ClusterContext() context: string, @Query() query: ListQueryDto): Promise<ListEnvelope<SummaryByKind['pods']>> {
    return this.resources.list('pods', context, query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a pod', description: 'Containers with state, probes and restarts; conditions; owner references.' })
  @ApiDetailOk('PodDetail')
  getPod(@ClusterContext() context: string, @NameParam() name: string, @Query() query: ObjectQueryDto): Promise<DetailByKind['pods']> {
    return this.resources.detail('pods', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a pod's YAML" })
  @ApiYamlOk()
  async getPodYaml(@ClusterContext() context: string, @NameParam() name: string, @Query() query: ObjectQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('pods', context, name, query.namespace);
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a pod's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listPodEvents(@ClusterContext() context: string, @NameParam() name: string, @Query() query: ListQueryDto): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('pods', context, name, query);
  }

  @Get(':name/logs')
  @ApiOperation({
    summary: "Read a pod's logs",
    description:
      'Parsed lines (timestamp, level, message, and the fields of JSON lines), or the raw text with `Accept: text/plain`. ' +
      'An unknown container, or `previous` for a container that never restarted, is a 400.',
  })
  @ApiProduces('application/json', 'text/plain')
  @ApiOkResponse({
    description: 'The log.',
    content: { 'application/json': { schema: schemaRef('PodLogsResponse') }, 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiErrorResponses()
  async getPodLogs(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: PodLogsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PodLogsResponse | string> {
    if (prefersText(accept)) {
      res.type('text/plain');
      return (await this.pods.logText(context, name, query, query.timestamps ?? false)).text;
    }
    return this.pods.logs(context, name, query);
  }

  @Post(':name/restart')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restart a pod',
    description: 'Deletes the pod so that its controller recreates it. A pod no controller owns answers 409 unless `force=true`.',
  })
  @ApiDetailOk('RestartResponse', 'What was done.', 409)
  restartPod(@ClusterContext() context: string, @NameParam() name: string, @Query() query: PodRestartQueryDto): Promise<RestartResponse> {
    return this.pods.restart(context, name, query.namespace, query.force ?? false);
  }
}

/** `text/plain` wins only when the client asks for it before (or instead of) JSON. */
function prefersText(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((t) => t.trim().split(';')[0]);
  const text = types.indexOf('text/plain');
  const json = types.indexOf('application/json');
  return text !== -1 && (json === -1 || text < json);
}
