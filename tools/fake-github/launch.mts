/**
 * Runs the fake GitHub of libs/github/src/testing in a plain Node process, for suites that are not
 * compiled by Jest (the browser suites): `node --experimental-transform-types launch.mts '<options>'`,
 * forked with an IPC channel (see protocol.mts; apps/web-e2e/src/harness.ts starts it).
 *
 * The fake is written for the bundlers and ts-jest that build the rest of the repository: its relative
 * imports have no extension, and it uses a parameter property, which plain type stripping refuses. So
 * this launcher lets `./git-store` resolve to `./git-store.ts` and is run with type transformation on;
 * the fake itself runs unchanged.
 */
import { registerHooks } from 'node:module';

const RELATIVE_WITHOUT_EXTENSION = /^\.{1,2}\/(?:.*\/)?[^./]+$/;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (RELATIVE_WITHOUT_EXTENSION.test(specifier) && context.parentURL?.endsWith('.ts')) {
      return nextResolve(`${specifier}.ts`, context);
    }
    return nextResolve(specifier, context);
  },
});

// After the hook is in place: serve.mts's static imports load the fake.
await import('./serve.mts');
