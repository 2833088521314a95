module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.spec.json',
        astTransformers: { before: ['<rootDir>/swagger-plugin.cjs'] },
      },
    ],
  },
  moduleNameMapper: {
    '^@kubernetes/client-node$': '<rootDir>/../../tools/jest/native-require.cjs',
    '^@octokit/(rest|plugin-throttling|plugin-retry)$': '<rootDir>/../../tools/jest/octokit.cjs',
    '^@nestjs/passport$': '<rootDir>/../../tools/jest/nestjs-passport.cjs',
    // @orphelix/sdk imports with .js, as native ES modules need: resolve them to its .ts files.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  // *.lab.spec.ts need the lab cluster: `nx run api:test-lab` (npm run test:lab) runs them.
  // *.pg.spec.ts need PostgreSQL: `nx run api:test-pg` runs them (jest.pg.config.cts).
  testPathIgnorePatterns: ['/node_modules/', '\\.lab\\.spec\\.ts$', '\\.pg\\.spec\\.ts$'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/api',
};
