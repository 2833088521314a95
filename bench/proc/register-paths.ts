/**
 * Preloaded (after ts-node) into the benchmark processes that run the API's TypeScript: resolves the
 * workspace's path aliases (`@orphelix/k8s`, …) from tsconfig.base.json, as webpack and Jest do.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { register } from 'tsconfig-paths';

const root = resolve(__dirname, '..', '..');
const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
register({ baseUrl: root, paths: base.compilerOptions.paths });
