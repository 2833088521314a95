import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from '../app.module';
import { applyRoutePrefix } from '../route-prefix';
import { withContractSchemas } from './contract-schemas';
import { loadConfig } from '../config/app-config';

/** The workspace version (root package.json); a test keeps the two equal. */
export const API_VERSION = '0.1.0';

const DESCRIPTION = `
REST API of the Orphelix Kubernetes console.

**Common query parameters.** \`context\` picks the kubeconfig context (default: the current one; an
unknown name is 404 CONTEXT_NOT_FOUND). \`namespace\` narrows to one namespace (omitted: all). List routes
also take \`labelSelector\` and \`fieldSelector\` (Kubernetes syntax, set-based included), \`q\` (name
substring, case-insensitive), \`limit\` (1-5000), \`offset\` and \`sort\` (\`name\`, \`-age\`, ...).

**Lists** answer \`{ items, total, offset, limit, resourceVersion }\`, sorted by namespace then name.

**Errors.** Every 4xx/5xx answers the ErrorEnvelopeDto \`{ error, code, details, requestId }\`:
400 VALIDATION_ERROR (\`details.fields\` lists \`{ field, message }\`), 401 UNAUTHENTICATED, 403 FORBIDDEN,
404 NOT_FOUND / CONTEXT_NOT_FOUND, 409 CONFLICT, 422 UNPROCESSABLE, 429 RATE_LIMITED (with
\`Retry-After\`), 500 INTERNAL_ERROR, 502 UPSTREAM_ERROR, 503 CLUSTER_UNREACHABLE.

**Headers.** Every response carries \`X-Request-Id\` (an incoming one is reused when it is a plain token);
demo mode adds \`X-Orphelix-Mode: demo\`.
`.trim();

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Orphelix API')
    .setVersion(API_VERSION)
    .setDescription(DESCRIPTION)
    // 3.1: the contract's schemas are JSON Schema (nullable as `type: [..., "null"]`), which 3.1 embeds as is.
    .setOpenAPIVersion('3.1.0')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // Method names are verb+noun and unique, so they make readable client function names.
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  return sortKeysDeep(nullableAsTypes(withContractSchemas(document)));
}

/**
 * `nullable: true` is OpenAPI 3.0; in 3.1 (JSON Schema) it means nothing, so clients generated from
 * this document typed those fields as never null. Written as 3.1 says: `type: [<type>, "null"]`.
 */
export function nullableAsTypes<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => nullableAsTypes(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = nullableAsTypes(item);
  if (out['nullable'] === true) {
    delete out['nullable'];
    const type = out['type'];
    if (typeof type === 'string') out['type'] = [type, 'null'];
    else if (Array.isArray(type) && !type.includes('null')) out['type'] = [...type, 'null'];
    else if (type === undefined) return { anyOf: [out, { type: 'null' }] } as T;
  }
  return out as T;
}

/** Object keys in code-unit order, arrays untouched: the committed spec then diffs only on real change. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => sortKeysDeep(item)) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, sortKeysDeep(item)])) as T;
  }
  return value;
}

export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * The spec of the whole API, built in-process without listening or creating any provider (Nest's
 * preview mode), so it needs neither a cluster nor the demo simulation. Both the `api:openapi` target
 * and the drift test use it.
 */
export async function generateOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({ ORPHELIX_MODE: 'demo', LOG_LEVEL: 'silent' }, '/');
  const app = await NestFactory.create(AppModule.forRoot(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    applyRoutePrefix(app);
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
