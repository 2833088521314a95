import type { Test } from 'supertest';

const TOKEN = 'csrf-token-of-the-test-console';

/**
 * A state-changing request as the console sends it: the API's CSRF cookie echoed in `X-CSRF-Token`.
 * Without both, the API refuses it with 403 (see apps/api/src/auth).
 */
export function fromConsole(test: Test): Test {
  return test.set('Cookie', `orx_csrf=${TOKEN}`).set('X-CSRF-Token', TOKEN);
}
