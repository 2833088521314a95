import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';

export interface ModeDecision {
  mode: 'demo' | 'cluster';
  /** Said in the boot log so an operator can see why the console shows what it shows. */
  reason: string;
}

/** What mode detection may look at; injectable so tests do not depend on the machine. */
export interface Environment {
  env: Readonly<Record<string, string | undefined>>;
  fileExists(path: string): boolean;
  homeDir(): string;
}

/**
 * Resolves ORPHELIX_MODE. `auto` means cluster whenever there are credentials to use — a kubeconfig
 * file or an in-cluster service account — and demo only when there are none, so a broken cluster
 * setup fails loudly instead of quietly showing simulated data.
 */
export function resolveClusterMode(
  config: Pick<AppConfig, 'mode' | 'kubeconfigPaths' | 'serviceAccountDir'>,
  environment: Environment,
): ModeDecision {
  if (config.mode === 'demo') {
    return { mode: 'demo', reason: 'ORPHELIX_MODE=demo' };
  }
  if (config.mode === 'cluster') {
    return { mode: 'cluster', reason: 'ORPHELIX_MODE=cluster' };
  }
  if (config.kubeconfigPaths.length > 0) {
    // Whether or not the files exist: KUBECONFIG says a cluster is wanted, and a typo in it must
    // surface as an error, not as demo data.
    const existing = config.kubeconfigPaths.filter((p) => environment.fileExists(p));
    return {
      mode: 'cluster',
      reason:
        existing.length > 0
          ? `ORPHELIX_MODE=auto and KUBECONFIG names ${existing.join(', ')}`
          : `ORPHELIX_MODE=auto and KUBECONFIG is set (none of its files exist yet: ${config.kubeconfigPaths.join(', ')})`,
    };
  }
  const defaultKubeconfig = join(environment.homeDir(), '.kube', 'config');
  if (environment.fileExists(defaultKubeconfig)) {
    return { mode: 'cluster', reason: `ORPHELIX_MODE=auto and ${defaultKubeconfig} exists` };
  }
  const token = join(config.serviceAccountDir, 'token');
  if (environment.env['KUBERNETES_SERVICE_HOST'] && environment.fileExists(token)) {
    return { mode: 'cluster', reason: `ORPHELIX_MODE=auto, KUBERNETES_SERVICE_HOST is set and ${token} exists` };
  }
  return {
    mode: 'demo',
    reason: `ORPHELIX_MODE=auto found no KUBECONFIG, no ${defaultKubeconfig} and no in-cluster service account`,
  };
}

export function processEnvironment(fileExists: (path: string) => boolean): Environment {
  return { env: process.env, fileExists, homeDir: homedir };
}
