import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { DetailByKind, EventDto, RestartResponse, SummaryByKind } from '@orphelix/contract';
import type { Request, Response } from 'express';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { ClusterContext } from '../cluster/cluster-context.decorator';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { ListQueryDto, ObjectQueryDto } from '../common/query/common-query.dto';
import { NameParam } from '../common/query/name-param';
import { writeSse } from '../common/sse/sse';
import type { ListEnvelope } from '../common/query/paginate';
import { schemaRef } from '../openapi/contract-schemas';
import { ApiDetailOk, ApiListOk, ApiYamlOk } from '../resources/resource-responses';
import { ResourceService } from '../resources/resource.service';
import { PodLogsQueryDto } from './dto/pod-logs-query.dto';
import { PodRestartQueryDto } from './dto/pod-restart-query.dto';
import { PodsService } from './pods.service';
import { LOG_STREAM_MAX_BUFFERED_BYTES } from './log-stream';
import { Audited } from '../auth/audit.interceptor';

/** How the follow variants of the log routes are documented. */
export const LOG_STREAM_DESCRIPTION =
  'With `follow=true`: `text/event-stream`. A `retry:` line, then events whose data is JSON: `log` (one line, the ' +
  '`LogStreamLine` schema: a `LogLine` with `pod` and `container`), `heartbeat` (`{ timestamp }`) every 15 s, and `error` ' +
  '(the error envelope fields) when the log fails mid-stream. Errors known before the first event (404, 400, 403, 503) are ' +
  'answered as the usual JSON envelope with their status instead.';

@ApiTags('pods')
@Controller('pods')
export class PodsController {
  constructor(
    private readonly resources: ResourceService,
    private readonly pods: PodsService,
    @InjectPinoLogger(PodsController.name) private readonly logger: PinoLogger,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List pods', description: 'STATUS, READY and RESTARTS as `kubectl get pods` prints them.' })
  @ApiListOk('PodSummary')
  listPods(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['pods']>> {
    return this.resources.list('pods', context, query);
  }

  @Get(':name')
  @ApiOperation({
    summary: 'Get a pod',
    description: 'Containers with state, probes and restarts; conditions; owner references.',
  })
  @ApiDetailOk('PodDetail')
  getPod(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['pods']> {
    return this.resources.detail('pods', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a pod's YAML" })
  @ApiYamlOk()
  async getPodYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('pods', context, name, query.namespace);
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a pod's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listPodEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('pods', context, name, query);
  }

  @Get(':name/logs')
  @ApiOperation({
    summary: "Read or follow a pod's logs",
    description:
      'Parsed lines (timestamp, level, message, and the fields of JSON lines), or the raw text with `Accept: text/plain`. ' +
      'An unknown container, or `previous` for a container that never restarted, is a 400. ' +
      `${LOG_STREAM_DESCRIPTION} A pod's stream ends with \`end\` (\`LogStreamEnd\`) once the container stops; the ` +
      'response then ends, and a client must not reconnect.',
  })
  @ApiProduces('application/json', 'text/plain', 'text/event-stream')
  @ApiOkResponse({
    description: 'The log, or with `follow=true` the stream of its lines.',
    content: {
      'application/json': { schema: schemaRef('PodLogsResponse') },
      'text/plain': { schema: { type: 'string' } },
      'text/event-stream': {
        schema: {
          type: 'string',
          description: 'Events `log` (LogStreamLine), `heartbeat`, `end` (LogStreamEnd), `error` (ErrorEnvelope).',
        },
      },
    },
  })
  @ApiErrorResponses()
  async getPodLogs(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: PodLogsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (query.follow) {
      const frames = await this.pods.follow(context, name, query);
      await writeSse(req, res, frames, { logger: this.logger, maxBufferedBytes: LOG_STREAM_MAX_BUFFERED_BYTES });
      return;
    }
    if (prefersText(accept)) {
      const { text } = await this.pods.logText(context, name, query, query.timestamps ?? false);
      res.type('text/plain').send(text);
      return;
    }
    res.json(await this.pods.logs(context, name, query));
  }

  @Post(':name/restart')
  @Audited('pod.restart')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restart a pod',
    description:
      'Deletes the pod so that its controller recreates it. A pod no controller owns answers 409 unless `force=true`.',
  })
  @ApiDetailOk('RestartResponse', 'What was done.', 409)
  restartPod(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: PodRestartQueryDto,
  ): Promise<RestartResponse> {
    return this.pods.restart(context, name, query.namespace, query.force ?? false);
  }
}

/** `text/plain` wins only when the client asks for it before (or instead of) JSON. */
export function prefersText(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((t) => t.trim().split(';')[0]);
  const text = types.indexOf('text/plain');
  const json = types.indexOf('application/json');
  return text !== -1 && (json === -1 || text < json);
}
