/**
 * Fails when the SDK's generated layer (libs/sdk/src/generated) is not what the committed OpenAPI spec
 * generates (regenerate with `npx nx run sdk:generate`), or when the SDK's version is not the API's.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createClient } from '@hey-api/openapi-ts';
import configPromise from '../openapi-ts.config.mts';

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

const version = (path: string): string => (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
const sdkVersion = version('libs/sdk/package.json');
const apiVersion = version('package.json');
if (sdkVersion !== apiVersion) {
  process.stderr.write(`libs/sdk/package.json has version ${sdkVersion}, the API ${apiVersion}: the SDK is versioned with the API\n`);
  process.exit(1);
}

const committed = 'libs/sdk/src/generated';
const fresh = mkdtempSync(join(tmpdir(), 'orphelix-sdk-'));
try {
  const config = (await configPromise) as { output: Record<string, unknown> };
  await createClient({ ...config, output: { ...config.output, path: fresh }, logs: { level: 'silent', file: false } } as Parameters<typeof createClient>[0]);
  const want = files(fresh);
  const have = files(committed);
  const stale = [...new Set([...want.keys(), ...have.keys()])].filter((f) => want.get(f) !== have.get(f)).sort();
  if (stale.length > 0) {
    process.stderr.write(`The SDK is stale against apps/api/openapi.json (${stale.join(', ')}): run npx nx run sdk:generate\n`);
    process.exit(1);
  }
  process.stdout.write(`The SDK matches apps/api/openapi.json (${want.size} files) at version ${sdkVersion}\n`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
