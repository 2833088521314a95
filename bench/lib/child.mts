/**
 * Child processes of a benchmark (the API under test, SSE clients, baseline clients): spawned with an
 * IPC channel, driven by request/response messages with a timeout on every call, and always stopped —
 * on success, on failure, on Ctrl-C, and (through the closed IPC channel) even when the benchmark
 * itself is killed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import type { RpcEvent, RpcRequest, RpcResponse } from '../proc/rpc.ts';

export interface SpawnOptions {
  name: string;
  script: string;
  /** Node flags before the script (`--expose-gc`, `-r ts-node/register/transpile-only`, …). */
  nodeArgs?: string[];
  args?: string[];
  env?: Record<string, string>;
  cwd: string;
  /** stdout and stderr go here (appended), for diagnosis. */
  logFile: string;
}

/**
 * `--nice N` (e.g. -10): the benchmark's own processes get the CPU ahead of the rest of the machine's
 * load — a diagnostic that separates our code's cost from time spent waiting for a CPU. The lab's
 * apiserver keeps its priority, so baselines that go through it are not boosted.
 */
function niceOption(): number | null {
  const i = process.argv.indexOf('--nice');
  if (i === -1) return null;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < -20 || value > 19)
    throw new Error('--nice needs a whole number from -20 to 19');
  return value;
}

export const NICE = niceOption();

const running = new Set<Child>();

/** Kills whatever is still running (SIGKILL): the last resort on exit. */
function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping child processes\n`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((c) => c.stop()));
}

export class Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly logFile: string;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  private readonly listeners = new Map<string, Set<(data: unknown) => void>>();
  private exitCode: number | null = null;
  private exited = false;
  readonly exitedPromise: Promise<void>;

  constructor(options: SpawnOptions) {
    hookExit();
    this.name = options.name;
    this.logFile = options.logFile;
    mkdirSync(dirname(options.logFile), { recursive: true });
    const fd = openSync(options.logFile, 'a');
    this.process = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script, ...(options.args ?? [])], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', fd, fd, 'ipc'],
    });
    closeSync(fd);
    running.add(this);
    if (NICE !== null && this.process.pid !== undefined) {
      try {
        setPriority(this.process.pid, NICE);
      } catch (error) {
        // A negative value needs privileges: measure anyway, and say so.
        process.stderr.write(`--nice ${NICE} not applied to ${this.name}: ${String(error)}\n`);
      }
    }
    this.exitedPromise = new Promise((resolve) => {
      this.process.on('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code ?? (signal ? 128 : 1);
        running.delete(this);
        for (const [id, p] of this.pending) {
          clearTimeout(p.timer);
          p.reject(new Error(`${this.name} exited (${signal ?? code}) during call ${id}; see ${this.logFile}`));
        }
        this.pending.clear();
        resolve();
      });
    });
    this.process.on('error', () => undefined);
    this.process.on('message', (message: RpcResponse | RpcEvent) => {
      if ('event' in message) {
        for (const cb of this.listeners.get(message.event) ?? []) cb(message.data);
        return;
      }
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.ok) p.resolve(message.result);
      else p.reject(new Error(`${this.name}: ${message.error ?? 'failed'}`));
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  get code(): number | null {
    return this.exitCode;
  }

  /** Calls a handler in the child; rejects after `timeoutMs` or when the child exits. */
  call<T>(cmd: string, args: unknown = {}, timeoutMs = 60_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running; see ${this.logFile}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: ${cmd} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject, timer });
      const request: RpcRequest = { id, cmd, args };
      this.process.send(request);
    });
  }

  /** Unsolicited messages the child sends (`emit` on its side). */
  on(event: string, cb: (data: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(cb);
    return () => set.delete(cb);
  }

  /** Resolves once the child has sent `ready` (or rejects when it exits first, or after `timeoutMs`). */
  ready<T>(timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${this.name} was not ready within ${timeoutMs} ms; see ${this.logFile}`));
      }, timeoutMs);
      const off = this.on('ready', (data) => {
        clearTimeout(timer);
        off();
        resolve(data as T);
      });
      void this.exitedPromise.then(() => {
        clearTimeout(timer);
        off();
        reject(new Error(`${this.name} exited (code ${this.exitCode}) before it was ready; see ${this.logFile}`));
      });
    });
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.exited) this.process.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    await this.exitedPromise;
    clearTimeout(timer);
  }
}

/** Node flags that run a TypeScript file with the API's compiler settings (decorator metadata, path aliases). */
export function tsNodeArgs(root: string): { nodeArgs: string[]; env: Record<string, string> } {
  return {
    nodeArgs: ['-r', 'ts-node/register/transpile-only', '-r', join(root, 'bench', 'proc', 'register-paths.ts')],
    env: {
      TS_NODE_PROJECT: join(root, 'apps', 'api', 'tsconfig.app.json'),
      // `contract-schemas` must resolve to the .ts module, not the .json beside it (as webpack and Jest do).
      TS_NODE_PREFER_TS_EXTS: 'true',
    },
  };
}
