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

@ApiTags('secrets')
@Controller('secrets')
export class SecretsController {
  constructor(private readonly resources: ResourceService) {}

  @Get()
  @ApiOperation({
    summary: 'List Secrets',
    description: 'TYPE and DATA as `kubectl get secrets` prints them; keys with value sizes, never a value.',
  })
  @ApiListOk('SecretSummary')
  listSecrets(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<SummaryByKind['secrets']>> {
    return this.resources.list('secrets', context, query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a Secret', description: 'Keys with the size of each value; never a value.' })
  @ApiDetailOk('SecretDetail')
  getSecret(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): Promise<DetailByKind['secrets']> {
    return this.resources.detail('secrets', context, name, query.namespace);
  }

  @Get(':name/yaml')
  @ApiOperation({
    summary: "Get a Secret's YAML",
    description: 'Every value (and the last-applied annotation) masked.',
  })
  @ApiYamlOk()
  async getSecretYaml(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/yaml');
    return this.resources.yaml('secrets', context, name, query.namespace);
  }

  @Get(':name/events')
  @ApiOperation({ summary: "List a Secret's events", description: 'Newest first.' })
  @ApiListOk('EventDto')
  listSecretEvents(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ListQueryDto,
  ): Promise<ListEnvelope<EventDto>> {
    return this.resources.events('secrets', context, name, query);
  }
}
