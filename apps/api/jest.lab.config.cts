// The API's suites against the lab cluster (tools/lab-cluster), one file at a time.
const base = require('./jest.config.cts');

module.exports = {
  ...base,
  displayName: 'api (lab)',
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/src/**/*.lab.spec.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
