import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type {
  DetailByKind,
  EventDto,
  PodSummary,
  ReplicaSetSummary,
  RestartResponse,
  SummaryByKind,
} from '@orphelix/contract';
import type { Request, Response } from 'express';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { ClusterContext } from '../../cluster/cluster-context.decorator';
import { ApiErrorResponses } from '../../common/errors/api-error-responses.decorator';
import { ListQueryDto, ObjectQueryDto } from '../../common/query/common-query.dto';
import { NameParam } from '../../common/query/name-param';
import type { ListEnvelope } from '../../common/query/paginate';
import { ensureRequestId } from '../../common/request-id/request-id';
import { writeSse } from '../../common/sse/sse';
import { schemaRef } from '../../openapi/contract-schemas';
import { LOG_STREAM_MAX_BUFFERED_BYTES } from '../../pods/log-stream';
import { LOG_STREAM_DESCRIPTION, prefersText } from '../../pods/pods.controller';
import { ApiDetailOk, ApiListOk, ApiYamlOk } from '../../resources/resource-responses';
import { ResourceService } from '../../resources/resource.service';
import { DEPLOYMENT_SORT_KEYS } from '../workload-sort-keys';
import { WorkloadsService } from '../workloads.service';
import { DeploymentLogsQueryDto } from './deployment-logs-query.dto';
import { DeploymentLogsService } from './deployment-logs.service';
import { Audited } from '../../auth/audit.interceptor';

@ApiTags('deployments')
@Controller('deployments')
export class DeploymentsController {
  constructor(
    private readonly resources: ResourceService,
    private readonly workloads: WorkloadsService,
    private readonly deploymentLogs: DeploymentLogsService,
    @InjectPinoLogger(DeploymentsController.name) private readonly logger: PinoLogger,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List deployments',
    description:
      'READY, UP-TO-DATE and AVAILABLE as `kubectl get deployments` prints them, and a status from the conditions and counts ' +
      '(Available, Progressing, Degraded, ScaledDown). Extra sort keys: `status`, `ready` (share of desired replicas ready), ' +
      '`replicas`, `upToDate`, `available`.',
  })
  @ApiListOk('DeploymentSummary')
  listDeployments(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['deployments']>> {
    return this.resources.list('deployments', context, query, DEPLOYMENT_SORT_KEYS);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a deployment', description: 'Strategy, conditions, pod template and revision.' })
  @ApiDetailOk('DeploymentDetail')
  getDeployment(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['deployments']> {
    return this.resources.detail('deployments', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a deployment's YAML" })
  @ApiYamlOk()
  async getDeploymentYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const yaml = await this.resources.yaml('deployments', context, name, query.namespace);
    // Only on success: set earlier, it would also label the JSON error envelope as YAML.
    res.type('application/yaml');
    return yaml;
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a deployment's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listDeploymentEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('deployments', context, name, query);
  }

  @Get(':name/pods')
  @ApiOperation({
    summary: "List a deployment's pods",
    description:
      "The pods owned by the deployment's ReplicaSets (every revision, so a rollout shows old and new pods), found through " +
      'owner references: never by name prefix or labels. `labelSelector` and `fieldSelector` narrow them further.',
  })
  @ApiListOk('PodSummary')
  listDeploymentPods(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<PodSummary>> {
    return this.workloads.pods('deployments', context, name, query);
  }

  @Get(':name/replicasets')
  @ApiOperation({
    summary: "List a deployment's ReplicaSets",
    description:
      'The ReplicaSets the deployment owns, one per revision, newest revision first (`sort=-revision` by default).',
  })
  @ApiListOk('ReplicaSetSummary')
  listDeploymentReplicaSets(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<ReplicaSetSummary>> {
    return this.workloads.replicaSets(context, name, query);
  }

  @Get(':name/logs')
  @ApiOperation({
    summary: "Read or follow the logs of a deployment's pods",
    description:
      'The recent lines of every pod the deployment owns (through its ReplicaSets), every container of each or `container`, ' +
      'merged oldest first by timestamp, each line tagged with `pod` and `container`; `tailLines` (default 100) applies to ' +
      "each pod's container. `Accept: text/plain` gives the lines prefixed like `kubectl logs --prefix`. " +
      `${LOG_STREAM_DESCRIPTION} The stream follows the pods as they come and go during a rollout: a new pod's lines appear once ` +
      "it runs (from its first line), a deleted pod's stream ends, and the stream itself stays open. An `error` event whose " +
      '`details` name a `pod` concerns that pod only. `previous` cannot be followed here.',
  })
  @ApiProduces('application/json', 'text/plain', 'text/event-stream')
  @ApiOkResponse({
    description: 'The merged lines, or with `follow=true` the stream of them.',
    content: {
      'application/json': { schema: schemaRef('DeploymentLogsResponse') },
      'text/plain': { schema: { type: 'string' } },
      'text/event-stream': {
        schema: { type: 'string', description: 'Events `log` (LogStreamLine), `heartbeat`, `error` (ErrorEnvelope).' },
      },
    },
  })
  @ApiErrorResponses()
  async getDeploymentLogs(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: DeploymentLogsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (query.follow) {
      const frames = await this.deploymentLogs.follow(context, name, query, ensureRequestId(req, res));
      await writeSse(req, res, frames, { logger: this.logger, maxBufferedBytes: LOG_STREAM_MAX_BUFFERED_BYTES });
      return;
    }
    if (prefersText(accept)) {
      res.type('text/plain').send(await this.deploymentLogs.logText(context, name, query));
      return;
    }
    res.json(await this.deploymentLogs.logs(context, name, query));
  }

  @Post(':name/restart')
  @Audited('deployment.restart')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restart a deployment',
    description:
      'What `kubectl rollout restart` does: stamps the pod template with `kubectl.kubernetes.io/restartedAt`, and the deployment ' +
      'rolls every pod onto a new ReplicaSet. A paused deployment answers 409 (resume it first).',
  })
  @ApiDetailOk('RestartResponse', 'What was done.', 409)
  restartDeployment(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<RestartResponse> {
    return this.workloads.restart('deployments', context, name, query.namespace);
  }
}
