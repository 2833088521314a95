/**
 * Fails when the committed API client (apps/web/src/app/api/generated) is not what the committed
 * OpenAPI spec generates: regenerate with `npx nx run web:generate-client`.
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

const committed = 'apps/web/src/app/api/generated';
const fresh = mkdtempSync(join(tmpdir(), 'orphelix-client-'));
try {
  const config = (await configPromise) as { output: Record<string, unknown> };
  await createClient({ ...config, output: { ...config.output, path: fresh }, logs: { level: 'silent', file: false } } as Parameters<typeof createClient>[0]);
  const want = files(fresh);
  const have = files(committed);
  const stale = [...new Set([...want.keys(), ...have.keys()])].filter((f) => want.get(f) !== have.get(f)).sort();
  if (stale.length > 0) {
    process.stderr.write(`The API client is stale against apps/api/openapi.json (${stale.join(', ')}): run npx nx run web:generate-client\n`);
    process.exit(1);
  }
  process.stdout.write(`The API client matches apps/api/openapi.json (${want.size} files)\n`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
