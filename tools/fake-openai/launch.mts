/**
 * Runs the fake OpenAI of libs/ai/src/testing in a plain Node process, for suites that are not compiled by
 * Jest (the browser suites): `node --experimental-transform-types launch.mts '<options>'`, forked with an
 * IPC channel — protocol.mts's `startFakeOpenAi()` does that and returns the client.
 *
 * As tools/fake-github/launch.mts: relative imports without an extension resolve to `.ts` (the library is
 * written for the bundlers and ts-jest), so the fake runs unchanged.
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
