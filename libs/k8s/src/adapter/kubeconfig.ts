import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Cluster, Context, User } from '@kubernetes/client-node';

/** Where the credentials came from; the API logs it at start-up. */
export interface LoadedKubeconfig {
  kubeconfig: KubeConfig;
  source: 'kubeconfig' | 'in-cluster';
  /** The files merged, in precedence order (empty for in-cluster). */
  files: string[];
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Loads credentials as kubectl does: every file of `KUBECONFIG` (path-list) merged with the first
 * definition of each cluster, user and context winning and the first `current-context` set being the
 * current one; else `~/.kube/config`; else the pod's service account. Returns null when there is none.
 *
 * client-node's own merge differs from kubectl's (a name defined in two files throws, and the last
 * file's current-context wins), so each file is loaded alone and merged here.
 */
export function loadKubeconfig(env: NodeJS.ProcessEnv = process.env): LoadedKubeconfig | null {
  const listed = (env['KUBECONFIG'] ?? '').split(delimiter).filter((f) => f.length > 0);
  const files = listed.length > 0 ? listed.filter((f) => existsSync(f)) : [join(env['HOME'] ?? homedir(), '.kube', 'config')].filter((f) => existsSync(f));
  if (files.length > 0) {
    return { kubeconfig: mergeKubeconfigFiles(files), source: 'kubeconfig', files };
  }
  const host = env['KUBERNETES_SERVICE_HOST'];
  if (host && existsSync(join(SERVICE_ACCOUNT_DIR, 'token'))) {
    const kubeconfig = new KubeConfig();
    kubeconfig.loadFromCluster();
    return { kubeconfig, source: 'in-cluster', files: [] };
  }
  return null;
}

export function mergeKubeconfigFiles(files: string[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const file of files) {
    const one = new KubeConfig();
    one.loadFromFile(file);
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && one.getCurrentContext()) currentContext = one.getCurrentContext();
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext: currentContext || (contexts.keys().next().value ?? ''),
  });
  return merged;
}
