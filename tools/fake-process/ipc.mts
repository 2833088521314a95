/**
 * A fake outside service (GitHub, a model provider) run in a child process for the browser suites, which
 * are plain Node and cannot load the fakes the way the Jest suites do: the parent forks a launcher with
 * the start options, the child answers `ready` with where it listens, then one answer per call of the
 * fake's set-up and inspection methods, and closes when its parent goes away.
 */
import { fork } from 'node:child_process';

/** Parent → child. */
export interface CallMessage {
  id: number;
  call: string;
  args: unknown[];
}

/** Child → parent: once when listening, then one answer per call. */
export type ChildMessage<Ready> =
  | { ready: Ready }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

export interface ForkedFake<Remote> {
  fake: Remote;
  /** The child's recent stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Forks `launcher` (run with type transformation, see the launchers) and resolves once the fake listens,
 * with what it said in `ready`, a client forwarding each of `calls`, its output and `stop()`. `what`
 * names the fake in errors.
 */
export async function forkFake<Ready extends object, Remote>(
  what: string,
  launcher: string,
  options: unknown,
  calls: readonly string[],
  cwd?: string,
): Promise<Ready & ForkedFake<Remote>> {
  const child = fork(launcher, [JSON.stringify(options)], {
    ...(cwd ? { cwd } : {}),
    execArgv: ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let gone: Error | null = null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<Ready>((resolveReady, rejectReady) => {
    child.on('message', (message: ChildMessage<Ready>) => {
      if ('ready' in message) {
        resolveReady(message.ready);
        return;
      }
      const caller = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.ok) caller?.resolve(message.value);
      else caller?.reject(new Error(message.error));
    });
    child.once('exit', (code, signal) => {
      gone = new Error(`${what} exited (${signal ?? code}):\n${output}`);
      rejectReady(gone);
      for (const caller of waiting.values()) caller.reject(gone);
      waiting.clear();
    });
  });
  const call = (name: string, args: unknown[]): Promise<unknown> =>
    new Promise((resolveCall, rejectCall) => {
      if (gone) {
        rejectCall(gone);
        return;
      }
      const id = nextId++;
      waiting.set(id, { resolve: resolveCall, reject: rejectCall });
      child.send({ id, call: name, args } satisfies CallMessage);
    });
  // Each call forwards its arguments as they are; the caller's Remote type gives the answers their types.
  const fake = Object.fromEntries(calls.map((name) => [name, (...args: unknown[]) => call(name, args)])) as Remote;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    const where = await Promise.race([
      ready,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not start in 30 s:\n${output}`)), 30_000);
      }),
    ]);
    return { ...where, fake, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The child's side: answers the parent's calls from `control`, says `ready`, and runs `close` then exits
 * when the parent's end of the channel closes (it exited, or stopped us).
 */
export function serveFake<Ready>(what: string, control: object, ready: Ready, close: () => Promise<void>): void {
  const send = (message: ChildMessage<Ready>): void => {
    process.send?.(message);
  };
  process.on('message', (message: CallMessage) => {
    try {
      // Only the control's own calls; the arguments are the caller's, typed by the client's signatures.
      const call = Object.hasOwn(control, message.call)
        ? (control as Record<string, ((...args: unknown[]) => unknown) | undefined>)[message.call]
        : undefined;
      if (!call) throw new Error(`${what} has no call ${String(message.call)}`);
      send({ id: message.id, ok: true, value: call(...message.args) ?? null });
    } catch (error) {
      send({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
  process.on('disconnect', () => {
    void close().then(() => process.exit(0));
  });
  send({ ready });
}
