/**
 * The messages between a benchmark and its child processes, and the child's side: `serve` answers
 * calls, `emit` sends unsolicited events. When the benchmark goes away (the IPC channel closes) the
 * child runs its shutdown and exits, so nothing outlives a killed benchmark.
 */

export interface RpcRequest {
  id: number;
  cmd: string;
  args: unknown;
}

export interface RpcResponse {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface RpcEvent {
  event: string;
  data: unknown;
}

export type Handler = (args: unknown) => unknown;

const send = (message: RpcResponse | RpcEvent): void => {
  if (process.connected) process.send?.(message);
};

export function emit(event: string, data: unknown = {}): void {
  send({ event, data });
}

/** Answers the parent's calls; `shutdown` runs once, on SIGTERM or when the parent disconnects. */
export function serve(handlers: Record<string, Handler>, shutdown: () => Promise<void> | void = () => undefined): void {
  if (!process.send) throw new Error('this process must be started by a benchmark (it needs an IPC channel)');
  process.on('message', (message: RpcRequest) => {
    const handler = handlers[message.cmd];
    if (!handler) {
      send({ id: message.id, ok: false, error: `unknown command ${message.cmd}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.args))
      .then(
        (result) => send({ id: message.id, ok: true, result }),
        (error: unknown) =>
          send({
            id: message.id,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // Bounded: a shutdown that hangs must not keep the process alive.
    setTimeout(() => process.exit(0), 8_000).unref();
    Promise.resolve()
      .then(shutdown)
      .catch((error: unknown) => process.stderr.write(`shutdown failed: ${String(error)}\n`))
      .finally(() => process.exit(0));
  };
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Reads a numeric argument of a call, with a default. */
export function num(args: unknown, key: string, fallback: number): number {
  const v = (args as Record<string, unknown> | null)?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function str(args: unknown, key: string, fallback: string): string {
  const v = (args as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' ? v : fallback;
}
