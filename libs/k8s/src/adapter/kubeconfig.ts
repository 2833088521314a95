import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
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

/** Where Kubernetes mounts a pod's service account: `token`, `ca.crt` and `namespace`. */
export const DEFAULT_SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Loads credentials as kubectl does: every file of `KUBECONFIG` (path-list) merged with the first
 * definition of each cluster, user and context winning and the first `current-context` set being the
 * current one; else `~/.kube/config`; else the pod's service account. Returns null when there is none.
 *
 * client-node's own merge differs from kubectl's (a name defined in two files throws, and the last
 * file's current-context wins), so each file is loaded alone and merged here.
 */
export function loadKubeconfig(
  env: NodeJS.ProcessEnv = process.env,
  serviceAccountDir: string = DEFAULT_SERVICE_ACCOUNT_DIR,
): LoadedKubeconfig | null {
  const listed = (env['KUBECONFIG'] ?? '').split(delimiter).filter((f) => f.length > 0);
  const files =
    listed.length > 0
      ? listed.filter((f) => existsSync(f))
      : [join(env['HOME'] ?? homedir(), '.kube', 'config')].filter((f) => existsSync(f));
  if (files.length > 0) {
    return { kubeconfig: mergeKubeconfigFiles(files), source: 'kubeconfig', files };
  }
  const host = env['KUBERNETES_SERVICE_HOST'];
  if (host && existsSync(join(serviceAccountDir, 'token'))) {
    return {
      kubeconfig: inClusterKubeconfig(host, env['KUBERNETES_SERVICE_PORT'] ?? '443', serviceAccountDir),
      source: 'in-cluster',
      files: [],
    };
  }
  return null;
}

/**
 * What client-node's `loadFromCluster()` builds, from any folder: that method only prefixes its fixed
 * path and reads host and port from `process.env`. The user is client-node's `tokenFile` provider,
 * which reads the token on the first request and again when its copy is over 60 s old, so a rotated
 * projected token is picked up within a minute; KubeHttp's TLS agent keeps the `ca.crt` of the first request.
 */
export function inClusterKubeconfig(host: string, port: string, serviceAccountDir: string): KubeConfig {
  const scheme = port === '80' || port === '8080' || port === '8001' ? 'http' : 'https';
  const server = `${scheme}://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  const namespaceFile = join(serviceAccountDir, 'namespace');
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : undefined;
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromOptions({
    clusters: [{ name: 'inCluster', server, caFile: join(serviceAccountDir, 'ca.crt'), skipTLSVerify: false }],
    users: [
      {
        name: 'inClusterUser',
        authProvider: { name: 'tokenFile', config: { tokenFile: join(serviceAccountDir, 'token') } },
      },
    ],
    contexts: [
      { name: 'inClusterContext', cluster: 'inCluster', user: 'inClusterUser', ...(namespace ? { namespace } : {}) },
    ],
    currentContext: 'inClusterContext',
  });
  return kubeconfig;
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
