module.exports = {
  displayName: 'github',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // @octokit/* are ES modules only: Node's own loader takes them (see tools/jest/octokit.cjs).
  moduleNameMapper: {
    '^@octokit/(rest|plugin-throttling|plugin-retry)$': '<rootDir>/../../tools/jest/octokit.cjs',
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/github',
};
