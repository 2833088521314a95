import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The lab suites drive the lab through its helper, and the harness starts the fake GitHub of
    // tools/fake-github: tools, as tools/smoke uses them.
    files: ['src/*lab.e2e.ts', 'src/harness.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.e2e.ts'],
    rules: {
      // A focused test silently drops the rest of the suite.
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'No focused tests.' },
        { object: 'describe', property: 'only', message: 'No focused tests.' },
        { object: 'test', property: 'only', message: 'No focused tests.' },
      ],
    },
  },
];
