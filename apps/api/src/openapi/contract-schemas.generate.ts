/**
 * Writes apps/api/src/openapi/contract-schemas.json: JSON schemas of every DTO interface exported by
 * libs/contract, with their TSDoc as descriptions. The OpenAPI spec references them, so the contract's
 * interfaces stay the single source of truth for response shapes.
 *
 *   node apps/api/src/openapi/contract-schemas.generate.ts   (npx nx run api:contract-schemas)
 *
 * A test regenerates them and fails when the committed file is stale.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { createGenerator as CreateGenerator } from 'ts-json-schema-generator';

type Schema = Record<string, unknown>;

/** Every non-generic interface and type alias the contract's files export. */
function exportedNames(root: string): string[] {
  const dir = join(root, 'libs/contract/src/lib');
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/^export (?:interface|type) ([A-Za-z0-9_]+)(?![A-Za-z0-9_]*<)\b(?!\s*<)/gm)) {
      if (m[1]) names.add(m[1]);
    }
  }
  return [...names].sort();
}

export function generateContractSchemas(root: string): Record<string, Schema> {
  const require = createRequire(join(root, 'package.json'));
  const { createGenerator } = require('ts-json-schema-generator') as { createGenerator: typeof CreateGenerator };
  const generator = createGenerator({
    path: join(root, 'libs/contract/src/index.ts'),
    tsconfig: join(root, 'libs/contract/tsconfig.lib.json'),
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    skipTypeCheck: true,
    sortProps: true,
  });
  // One schema per exported name: the generator's '*' mode leaves out types nothing else references.
  const definitions: Record<string, Schema> = {};
  for (const name of exportedNames(root)) {
    Object.assign(definitions, generator.createSchema(name).definitions as Record<string, Schema>);
  }
  const out: Record<string, Schema> = {};
  for (const name of Object.keys(definitions).sort((a, b) => componentName(a).localeCompare(componentName(b)))) {
    out[componentName(name)] = rewriteRefs(definitions[name] as Schema) as Schema;
  }
  return out;
}

/**
 * A valid OpenAPI component name (`^[A-Za-z0-9._-]+$`) for a definition: generic instantiations such
 * as `StreamEvent<PodSummary>` become `StreamEvent_PodSummary`, so references to them resolve.
 */
export function componentName(definition: string): string {
  return definition.replace(/[<,]\s*/g, '_').replace(/[^A-Za-z0-9._-]/g, '');
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      result[key] =
        key === '$ref' && typeof item === 'string' && item.startsWith('#/definitions/')
          ? `#/components/schemas/${componentName(decodeURIComponent(item.slice('#/definitions/'.length)))}`
          : rewriteRefs(item);
    }
    return result;
  }
  return value;
}

export function serializeContractSchemas(schemas: Record<string, Schema>): string {
  return `${JSON.stringify(schemas, null, 2)}\n`;
}

// Run as a script (Node strips the types), not when a test imports it.
if (process.argv[1]?.endsWith('contract-schemas.generate.ts')) {
  const root = process.cwd();
  const file = join(root, 'apps/api/src/openapi/contract-schemas.json');
  writeFileSync(file, serializeContractSchemas(generateContractSchemas(root)));
  process.stdout.write(`wrote ${file}\n`);
}
