import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { KINDS } from '@orphelix/k8s';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { Audited } from '../auth/audit.interceptor';
import { ClusterContext } from '../cluster/cluster-context.decorator';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { invalidField } from '../common/errors/request-validation.error';
import { writeSse } from '../common/sse/sse';
import { TroubleshootBody } from './dto/ai-body.dto';
import { type AiKind, AiObjectQueryDto, FindingsQueryDto } from './dto/ai-query.dto';
import { AiPreviewDto, FindingsResponseDto, TroubleshootDeltaDto, TroubleshootDoneDto, TroubleshootStartDto } from './dto/ai-response.dto';
import { AiService } from './ai.service';
import { FindingsService } from './findings.service';

/** A namespaced kind needs its namespace; a cluster-scoped one ignores it. */
function namespaceFor(kind: AiKind, namespace: string | undefined): string | undefined {
  if (!KINDS[kind].namespaced) return undefined;
  if (!namespace) throw invalidField('namespace', `namespace is required for ${kind}`);
  return namespace;
}

@ApiTags('ai')
@Controller('ai')
export class AiController {
  constructor(
    private readonly findings: FindingsService,
    private readonly ai: AiService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(AiController.name);
  }

  @Get('findings')
  @ApiOperation({
    summary: 'Problems the analyzers find, without a model',
    description:
      'The whole cluster, one namespace, or one object (`kind`, `name`; its own findings and those of what it owns, e.g. a ' +
      "Deployment's pods). Crash loops, image pulls, OOM kills, unschedulable pods, failing probes, Services without ready endpoints, " +
      'Ingresses pointing at missing Services, Pending PVCs, HPAs that cannot scale, node pressure, Jobs over their backoff limit, ' +
      'Deployments past their progress deadline. Each finding has its evidence and next steps. Kinds the caller may not list are ' +
      'named in `notLoaded`.',
  })
  @ApiOkResponse({ type: FindingsResponseDto })
  @ApiErrorResponses()
  async getFindings(@ClusterContext() context: string, @Query() query: FindingsQueryDto): Promise<FindingsResponseDto> {
    if (query.name !== undefined && query.kind === undefined) throw invalidField('kind', 'kind is required with name');
    if (query.kind !== undefined && query.name === undefined) throw invalidField('name', 'name is required with kind');
    if (query.kind && query.name) {
      const namespace = namespaceFor(query.kind, query.namespace);
      const object = { kind: KINDS[query.kind].kind, namespace: namespace ?? null, name: query.name };
      await this.findings.assertExists(context, query.kind, namespace, query.name);
      const result = await this.findings.findings(context, query.kind === 'nodes' ? undefined : namespace, object);
      return { context, namespace: namespace ?? null, object, ...result };
    }
    const result = await this.findings.findings(context, query.namespace);
    return { context, namespace: query.namespace ?? null, object: null, ...result };
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What troubleshooting would send to the model',
    description:
      'The same request as `/api/ai/troubleshoot`, answered with the exact messages it would send (after redaction), what the ' +
      'redactor replaced, and the findings. Nothing is sent anywhere.',
  })
  @ApiBody({ type: TroubleshootBody, required: false })
  @ApiOkResponse({ type: AiPreviewDto })
  @ApiErrorResponses()
  preview(@ClusterContext() context: string, @Query() query: AiObjectQueryDto, @Body() body: TroubleshootBody): Promise<AiPreviewDto> {
    return this.ai.preview(context, query.kind, namespaceFor(query.kind, query.namespace), query.name, body);
  }

  @Post('troubleshoot')
  @HttpCode(200)
  @Audited('ai.troubleshoot')
  @ApiOperation({
    summary: 'Troubleshoot an object with the configured model (Server-Sent Events)',
    description:
      'Gathers the evidence (status, conditions, spec summary, owner chain, pods, events, log tails), redacts it, and streams the ' +
      "model's answer: `start` (TroubleshootStart: provider, findings, redactions), `delta` (TroubleshootDelta) pieces of Markdown " +
      '(Problem, Root cause, Impact, Fix, Prevention), `done` (TroubleshootDone), or `error` (ErrorEnvelope) if the provider fails ' +
      'mid-answer. A follow-up sends `question` and the earlier turns in `history`. A provider failing before it answers is a plain ' +
      '502 UPSTREAM_ERROR, or 429 with Retry-After. With no model configured: `start` and `done` with a message saying so.',
  })
  @ApiExtraModels(TroubleshootStartDto, TroubleshootDeltaDto, TroubleshootDoneDto)
  @ApiBody({ type: TroubleshootBody, required: false })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'An event stream.',
    content: {
      'text/event-stream': {
        schema: {
          type: 'string',
          description: 'Events `start` (TroubleshootStartDto), `delta` (TroubleshootDeltaDto), `done` (TroubleshootDoneDto), `heartbeat`, `error` (ErrorEnvelope).',
        },
      },
    },
  })
  @ApiErrorResponses(429, 502)
  async troubleshoot(
    @ClusterContext() context: string,
    @Query() query: AiObjectQueryDto,
    @Body() body: TroubleshootBody,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    res.once('close', abort);
    try {
      const frames = await this.ai.troubleshoot(context, query.kind, namespaceFor(query.kind, query.namespace), query.name, body ?? {}, controller.signal);
      await writeSse(req, res, frames, { logger: this.logger });
    } finally {
      res.off('close', abort);
    }
  }
}
