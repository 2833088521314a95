import { defineConfig } from '@hey-api/openapi-ts';

/**
 * The console's API client, generated from the committed OpenAPI spec (`apps/api/openapi.json`).
 * Regenerate with `npx nx run web:generate-client`; `web:check-client` fails when it is stale.
 */
export default defineConfig({
  input: 'apps/api/openapi.json',
  output: { path: 'apps/web/src/app/api/generated', clean: true },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', { name: '@hey-api/sdk' }],
});
