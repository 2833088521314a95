/**
 * The frame of every benchmark command: options, the results folder, and the exit code — 0 when it
 * ran (a missed target is printed, not failed), 1 when it could not measure, 2 when the lab is not
 * ready for it. Child processes and sockets are released on every path.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stopAll } from './child.mts';
import { closeAgents, destroyAdminAgent, PreconditionError } from './lab.mts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const RESULTS = join(ROOT, 'bench', 'results');
export const LOGS = join(RESULTS, 'logs');
export const PROFILES = join(RESULTS, 'profiles');

/** `--name 12` → 12; `--flag` → true. */
export function intOption(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

export function log(scenario: string, message: string): void {
  process.stderr.write(`[${scenario}] ${message}\n`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A timestamp for file names. */
export const stamp = (): string => new Date().toISOString().replace(/[:.]/g, '-');

export function run(scenario: string, body: () => Promise<void>): void {
  mkdirSync(LOGS, { recursive: true });
  mkdirSync(PROFILES, { recursive: true });
  const watchdogMs = intOption('timeout-minutes', 30) * 60_000;
  // Every wait inside is bounded; this bounds the whole run as well.
  const watchdog = setTimeout(() => {
    process.stderr.write(`[${scenario}] gave up after ${watchdogMs / 60_000} minutes\n`);
    void stopAll().finally(() => process.exit(1));
  }, watchdogMs);
  watchdog.unref();
  const cleanup = async (): Promise<void> => {
    clearTimeout(watchdog);
    await stopAll();
    closeAgents();
    destroyAdminAgent();
  };
  body().then(
    async () => {
      await cleanup();
      process.exitCode = 0;
    },
    async (error: unknown) => {
      await cleanup();
      const precondition = error instanceof PreconditionError;
      process.stderr.write(
        `[${scenario}] ${precondition ? '' : 'FAILED: '}${error instanceof Error ? (precondition ? error.message : (error.stack ?? error.message)) : String(error)}\n`,
      );
      process.exitCode = precondition ? 2 : 1;
    },
  );
}
