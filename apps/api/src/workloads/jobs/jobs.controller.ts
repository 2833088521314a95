import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DetailByKind, EventDto, PodSummary, SummaryByKind } from '@orphelix/contract';
import type { Response } from 'express';
import { ClusterContext } from '../../cluster/cluster-context.decorator';
import { ListQueryDto, ObjectQueryDto } from '../../common/query/common-query.dto';
import { NameParam } from '../../common/query/name-param';
import type { ListEnvelope } from '../../common/query/paginate';
import { ApiDetailOk, ApiListOk, ApiYamlOk } from '../../resources/resource-responses';
import { ResourceService } from '../../resources/resource.service';
import { JOB_SORT_KEYS } from '../workload-sort-keys';
import { WorkloadsService } from '../workloads.service';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly resources: ResourceService,
    private readonly workloads: WorkloadsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List jobs',
    description:
      'STATUS, COMPLETIONS and DURATION as `kubectl get jobs` prints them. Extra sort keys: `status`, `completions` ' +
      '(share of completions reached), `failed`, `startTime`, `duration`.',
  })
  @ApiListOk('JobSummary')
  listJobs(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['jobs']>> {
    return this.resources.list('jobs', context, query, JOB_SORT_KEYS);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a job', description: 'Conditions, limits (backoff, deadline, TTL) and pod template.' })
  @ApiDetailOk('JobDetail')
  getJob(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['jobs']> {
    return this.resources.detail('jobs', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a job's YAML" })
  @ApiYamlOk()
  async getJobYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const yaml = await this.resources.yaml('jobs', context, name, query.namespace);
    // Only on success: set earlier, it would also label the JSON error envelope as YAML.
    res.type('application/yaml');
    return yaml;
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a job's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listJobEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('jobs', context, name, query);
  }

  @Get(':name/pods')
  @ApiOperation({
    summary: "List a job's pods",
    description:
      'The pods the job owns, failed attempts included (owner references, not names or labels). `labelSelector` and ' +
      '`fieldSelector` narrow them further.',
  })
  @ApiListOk('PodSummary')
  listJobPods(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<PodSummary>> {
    return this.workloads.pods('jobs', context, name, query);
  }
}
