module.exports = {
  displayName: 'k8s',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleNameMapper: {
    '^@kubernetes/client-node$': '<rootDir>/../../tools/jest/native-require.cjs',
  },
  // *.lab.spec.ts need the lab cluster: `nx run k8s:test-lab` (npm run test:lab) runs them.
  testPathIgnorePatterns: ['/node_modules/', '\\.lab\\.spec\\.ts$'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/k8s',
};
