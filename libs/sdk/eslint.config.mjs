import baseConfig from '../../eslint.config.mjs';

export default [
  // Generated from the OpenAPI spec (sdk:generate); checked by sdk:check, not linted.
  { ignores: ['**/src/generated/**'] },
  ...baseConfig,
];
