// The API's suites against the lab cluster (tools/lab-cluster), one file at a time. The replicas
// suite also needs PostgreSQL: a DATABASE_URL in the environment names the server (a superuser);
// without one, a throwaway server is started for the run (tools/postgres), as for *.pg.spec.ts.
const base = require('./jest.config.cts');

module.exports = {
  ...base,
  displayName: 'api (lab)',
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/src/**/*.lab.spec.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/../../tools/postgres/jest-global-setup.cjs',
  globalTeardown: '<rootDir>/../../tools/postgres/jest-global-teardown.cjs',
};
