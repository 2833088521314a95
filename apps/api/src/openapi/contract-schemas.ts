import type { OpenAPIObject } from '@nestjs/swagger';
import schemas from './contract-schemas.json';

/** A JSON schema as OpenAPI 3.1 embeds it (kept loose: the generated schemas are JSON Schema). */
export type SchemaObject = Record<string, unknown>;
export interface ReferenceObject {
  $ref: string;
}

/** The contract's DTO schemas, generated from libs/contract (see contract-schemas.generate.ts). */
export const CONTRACT_SCHEMAS = schemas as unknown as Record<string, SchemaObject>;

export type ContractSchemaName = keyof typeof schemas;

export function schemaRef(name: ContractSchemaName): ReferenceObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** `{ items: [<item>], total, offset, limit, resourceVersion }`, the list envelope of API.md. */
export function listSchema(item: ContractSchemaName): SchemaObject {
  return {
    type: 'object',
    required: ['items', 'total', 'offset', 'limit', 'resourceVersion'],
    properties: {
      items: { type: 'array', items: schemaRef(item) },
      total: { type: 'integer', description: 'Items matching the filters, before offset and limit.' },
      offset: { type: 'integer' },
      limit: { type: ['integer', 'null'], description: 'The page size asked for; null when all items were returned.' },
      resourceVersion: { type: ['string', 'null'], description: "The list's resourceVersion; null when the source has none." },
    },
  };
}

/** Adds the contract schemas to a document's components. */
export function withContractSchemas(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    // The generated schemas are JSON Schema, which OpenAPI 3.1 embeds as is.
    schemas: { ...(CONTRACT_SCHEMAS as NonNullable<OpenAPIObject['components']>['schemas']), ...document.components?.schemas },
  };
  return document;
}
