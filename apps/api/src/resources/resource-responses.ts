import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { ApiErrorResponses, type ErrorStatus } from '../common/errors/api-error-responses.decorator';
import { listSchema, schemaRef, type ContractSchemaName } from '../openapi/contract-schemas';

/** 200 with the list envelope of `item` (a libs/contract DTO), plus the cluster error statuses. */
export function ApiListOk(item: ContractSchemaName, description = 'One page of the matching objects.'): MethodDecorator {
  return applyDecorators(ApiOkResponse({ description, schema: listSchema(item) }), ApiErrorResponses());
}

/** 200 with one libs/contract DTO, plus the cluster error statuses and `extra` ones. */
export function ApiDetailOk(dto: ContractSchemaName, description = 'The object.', ...extra: ErrorStatus[]): MethodDecorator {
  return applyDecorators(ApiOkResponse({ description, schema: schemaRef(dto) }), ApiErrorResponses(...extra));
}

/** 200 with the live object as YAML. */
export function ApiYamlOk(): MethodDecorator {
  return applyDecorators(
    ApiProduces('application/yaml'),
    ApiOkResponse({
      description: 'The live object as YAML: `managedFields` removed, Secret values masked.',
      content: { 'application/yaml': { schema: { type: 'string' } } },
    }),
    ApiErrorResponses(),
  );
}
