/**
 * The lab for test suites (Jest or node:test): `ensureLab()` starts it when needed — and seeds it on
 * request — then says where its kubeconfig is. It never skips: when the lab cannot start, it throws
 * with the reason, and the suite fails.
 *
 * Self-contained on purpose (no relative imports, no import.meta): ts-jest compiles it as CommonJS
 * while Node runs the CLI it drives as an ES module.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface LabInfo {
  /** Both contexts, lab-admin current. */
  kubeconfig: string;
  adminKubeconfig: string;
  viewerKubeconfig: string;
  kubectl: string;
  /** Helm, built beside kubectl (for the chart's suite in deploy/helm). */
  helm: string;
  binDir: string;
  stateDir: string;
  /** Log files kwok serves for pods; append a CRI-format line to see it in `kubectl logs -f`. */
  podLogsDir: string;
  server: string;
  ports: Record<string, number>;
}

export type LabComponent = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok';

function repoRoot(): string {
  let dir = process.cwd();
  for (;;) {
    if (existsSync(join(dir, 'tools', 'lab-cluster', 'src', 'cli.ts'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find tools/lab-cluster from the current directory');
    dir = parent;
  }
}

/** Runs the lab CLI with this process's Node (≥ 22.18 runs TypeScript natively). */
export function labCli(args: string[], timeoutMs = 20 * 60_000): Promise<string> {
  const root = repoRoot();
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', join(root, 'tools', 'lab-cluster', 'src', 'cli.ts'), ...args],
      { cwd: root, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`lab ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
        else resolvePromise(stdout);
      },
    );
  });
}

let seeded = false;

/** Starts the lab (building it on first use), optionally seeds it, and returns where it is. */
export async function ensureLab(options: { seed?: boolean } = {}): Promise<LabInfo> {
  if (options.seed && !seeded) {
    await labCli(['seed']);
    seeded = true;
  } else {
    await labCli(['up']);
  }
  return JSON.parse(await labCli(['env', '--json'])) as LabInfo;
}

export async function labFault(action: 'stop' | 'start' | 'restart', component: LabComponent): Promise<void> {
  await labCli(['fault', action, component]);
}

/** Compacts etcd and restarts the apiserver: afterwards older resourceVersions are 410 Gone. */
export async function labCompact(): Promise<void> {
  await labCli(['fault', 'compact', '--restart-apiserver']);
}
