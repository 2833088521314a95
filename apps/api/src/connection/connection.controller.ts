import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ContextDto, TestConnectionDto } from '@orphelix/contract';
import { ClusterContext } from '../cluster/cluster-context.decorator';
import { ApiErrorResponse } from '../common/errors/api-error-responses.decorator';
import { ContextQueryDto } from '../common/query/common-query.dto';
import type { ListEnvelope } from '../common/query/paginate';
import { listSchema } from '../openapi/contract-schemas';
import { ApiDetailOk } from '../resources/resource-responses';
import { ConnectionService } from './connection.service';

@ApiTags('connection')
@Controller()
export class ConnectionController {
  constructor(private readonly connection: ConnectionService) {}

  // `context` is accepted and validated like everywhere else (the console sends its current context
  // with every request, and an unknown one answers 404 listing the known names), but the list is the
  // kubeconfig's and does not depend on it. The query DTO is bound so that unknown parameters are a 400.
  @Get('contexts')
  @ApiOperation({
    summary: 'List the kubeconfig contexts',
    description:
      'Every context of the kubeconfig (all files of a multi-file KUBECONFIG), sorted by name; `current` marks ' +
      'the one used when a request names none. In demo mode, the one `demo` context. `context` is validated ' +
      'but does not change the list.',
  })
  // The kubeconfig is read locally: none of the cluster's error statuses can come back.
  @ApiOkResponse({ description: 'The contexts.', schema: listSchema('ContextDto') })
  @ApiErrorResponse(400)
  @ApiErrorResponse(404)
  @ApiErrorResponse(500)
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- both parameters are bound only to be validated
  listContexts(@ClusterContext() _context: string, @Query() _query: ContextQueryDto): ListEnvelope<ContextDto> {
    return this.connection.contexts();
  }

  @Get('test-connection')
  @ApiOperation({
    summary: "Test the connection to a context's cluster",
    description:
      "Reads the apiserver's `/version` (its round trip is `latencyMs`) and asks with a SelfSubjectAccessReview " +
      'whether the identity may list namespaces (`canListNamespaces`). 200 only when the cluster answered: an ' +
      'unreachable cluster is 503 CLUSTER_UNREACHABLE with the reason in `details.reason`, rejected credentials ' +
      '401, a refused probe 403.',
  })
  @ApiDetailOk('TestConnectionDto', 'The cluster answered.')
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the query is bound only so that unknown parameters are a 400
  testConnection(@ClusterContext() context: string, @Query() _query: ContextQueryDto): Promise<TestConnectionDto> {
    return this.connection.test(context);
  }
}
