import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { ClusterContext } from '../cluster/cluster-context.decorator';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { invalidField } from '../common/errors/request-validation.error';
import { writeSse } from '../common/sse/sse';
import { EVENT_ID_PATTERN, StreamQueryDto } from './dto/stream-query.dto';
import { StreamService } from './stream.service';

@ApiTags('stream')
@Controller('stream')
export class StreamController {
  constructor(
    private readonly streams: StreamService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(StreamController.name);
  }

  @Get()
  @ApiOperation({
    summary: 'Live changes (Server-Sent Events)',
    description:
      'One connection carries every kind asked for. Events: `connected` first; then one event per change named after the kind in the ' +
      'singular (`pod`, `deployment`, …) with `{ type: ADDED|MODIFIED|DELETED, object: <list DTO> }`; `heartbeat` every 15 s; ' +
      '`resync` (relist these kinds) when `Last-Event-ID` can no longer be resumed; `error` for a kind that cannot be watched. ' +
      'Every change event has an `id:` holding one position per kind; reconnecting with it as `Last-Event-ID` (or `?since=`) ' +
      'replays exactly the missed changes. A client that reads too slowly is disconnected and may resume.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The `id:` of the last event received.' })
  @ApiOkResponse({ description: 'An event stream.', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiErrorResponses()
  async stream(
    @ClusterContext() context: string,
    @Query() query: StreamQueryDto,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lastEventId = lastEventIdHeader?.trim() || query.since;
    if (lastEventId !== undefined && !EVENT_ID_PATTERN.test(lastEventId)) {
      throw invalidField('Last-Event-ID', 'Last-Event-ID must be an event id this stream sent, such as pods:48213;deployments:48190');
    }
    const frames = await this.streams.open({ context, namespace: query.namespace ?? null, kinds: query.kinds, lastEventId });
    await writeSse(req, res, frames, { logger: this.logger });
  }
}
