// The API's suites against PostgreSQL (*.pg.spec.ts): `nx run api:test-pg`. A DATABASE_URL in the
// environment names the server to use (a superuser: every test file creates its own database);
// without one, a throwaway server is started for the run (tools/postgres).
const base = require('./jest.config.cts');

module.exports = {
  ...base,
  displayName: 'api (postgres)',
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/src/**/*.pg.spec.ts'],
  globalSetup: '<rootDir>/../../tools/postgres/jest-global-setup.cjs',
  globalTeardown: '<rootDir>/../../tools/postgres/jest-global-teardown.cjs',
  testTimeout: 60_000,
};
