import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DetailByKind, EventDto, JobSummary, SummaryByKind } from '@orphelix/contract';
import type { Response } from 'express';
import { ClusterContext } from '../../cluster/cluster-context.decorator';
import { ListQueryDto, ObjectQueryDto } from '../../common/query/common-query.dto';
import { NameParam } from '../../common/query/name-param';
import type { ListEnvelope } from '../../common/query/paginate';
import { ApiDetailOk, ApiListOk, ApiYamlOk } from '../../resources/resource-responses';
import { ResourceService } from '../../resources/resource.service';
import { CRONJOB_SORT_KEYS } from '../workload-sort-keys';
import { WorkloadsService } from '../workloads.service';

@ApiTags('cronjobs')
@Controller('cronjobs')
export class CronJobsController {
  constructor(
    private readonly resources: ResourceService,
    private readonly workloads: WorkloadsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List cronjobs',
    description:
      'SCHEDULE, TIMEZONE, SUSPEND, ACTIVE and LAST SCHEDULE as `kubectl get cronjobs` prints them. Extra sort keys: ' +
      '`schedule`, `suspend`, `active`, `lastSchedule` (most recent first).',
  })
  @ApiListOk('CronJobSummary')
  listCronJobs(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['cronjobs']>> {
    return this.resources.list('cronjobs', context, query, CRONJOB_SORT_KEYS);
  }

  @Get(':name')
  @ApiOperation({
    summary: 'Get a cronjob',
    description: 'Schedule, concurrency policy, history limits, active jobs and job template.',
  })
  @ApiDetailOk('CronJobDetail')
  getCronJob(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['cronjobs']> {
    return this.resources.detail('cronjobs', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({ summary: "Get a cronjob's YAML" })
  @ApiYamlOk()
  async getCronJobYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const yaml = await this.resources.yaml('cronjobs', context, name, query.namespace);
    // Only on success: set earlier, it would also label the JSON error envelope as YAML.
    res.type('application/yaml');
    return yaml;
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a cronjob's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listCronJobEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('cronjobs', context, name, query);
  }

  @Get(':name/jobs')
  @ApiOperation({
    summary: "List a cronjob's jobs",
    description:
      'The jobs the cronjob created and still keeps (owner references, not names), newest first (`sort=-createdAt` by default). ' +
      '`labelSelector` and `fieldSelector` narrow them further.',
  })
  @ApiListOk('JobSummary')
  listCronJobJobs(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<JobSummary>> {
    return this.workloads.cronJobJobs(context, name, query);
  }
}
