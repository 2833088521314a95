import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import type { ListResponse } from '@orphelix/contract';

/** Paging fields of every list response; `items` is added per route by `ApiListResponse`. */
export class ListEnvelopeDto implements Omit<ListResponse<unknown>, 'items'> {
  /** Items matching the filters, before offset and limit. */
  @ApiProperty({ type: 'integer' })
  total!: number;

  /** Items skipped before this page. */
  @ApiProperty({ type: 'integer' })
  offset!: number;

  /** The page size asked for, or null when all items are returned. */
  @ApiProperty({ type: 'integer', nullable: true })
  limit!: number | null;

  /** resourceVersion of the underlying Kubernetes list, or null when the source has none. */
  @ApiProperty({ type: String, nullable: true })
  resourceVersion!: string | null;
}

/** Documents a 200 list envelope whose `items` are `model`. */
export function ApiListResponse(
  model: Type<unknown>,
  description = 'One page of the matching items.',
): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ListEnvelopeDto, model),
    ApiOkResponse({
      description,
      schema: {
        allOf: [
          { $ref: getSchemaPath(ListEnvelopeDto) },
          {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: getSchemaPath(model) } } },
          },
        ],
      },
    }),
  );
}
