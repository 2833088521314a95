import { bootstrap } from './bootstrap';

bootstrap().catch((error: unknown) => {
  // The message says what to fix (a variable, a missing kubeconfig, a busy port); where Nest failed
  // inside its injector it has already logged the stack.
  process.stderr.write(`Orphelix API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
