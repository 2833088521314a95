import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateOpenApiDocument, serializeOpenApi } from './openapi';

/** Writes the committed OpenAPI spec; run through `npx nx run api:openapi`. */
async function writeOpenApi(target: string): Promise<void> {
  writeFileSync(target, serializeOpenApi(await generateOpenApiDocument()));
  process.stdout.write(`Wrote ${target}\n`);
}

writeOpenApi(resolve(process.argv[2] ?? 'apps/api/openapi.json')).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
