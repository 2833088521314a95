import { defineConfig } from '@hey-api/openapi-ts';

/**
 * The SDK's generated layer, from the committed OpenAPI spec (`apps/api/openapi.json`): the fetch
 * client, the types and one `OrphelixSdk` class whose methods are the API's operations.
 * Regenerate with `npx nx run sdk:generate`; `sdk:check` fails when it is stale.
 */
export default defineConfig({
  input: 'apps/api/openapi.json',
  // `/api/stream` is the client's own stream() (typed events, resume, resync), so it is not generated;
  // its event types are components no operation refers to, kept as orphans.
  parser: { filters: { operations: { exclude: ['GET /api/stream'] }, orphans: true } },
  // Imports end in .js so the built package runs as native ES modules in Node.
  output: { path: 'libs/sdk/src/generated', clean: true, module: { extension: '.js' } },
  plugins: [
    { name: '@hey-api/client-fetch', throwOnError: true },
    '@hey-api/typescript',
    {
      name: '@hey-api/sdk',
      responseStyle: 'data',
      operations: { strategy: 'single', containerName: 'OrphelixSdk', methods: 'instance' },
    },
  ],
});
