import { delimiter } from 'node:path';
import type { ClusterPort } from '@orphelix/k8s';
import { DemoCluster } from '@orphelix/demo';
import * as k8sLib from '@orphelix/k8s';
import type { AppConfig } from '../config/app-config';

/**
 * The seam between the API and the ClusterPort implementations. The real-cluster adapter is being
 * written alongside the API, so its entry points are looked up by their agreed export names instead of
 * imported: until they exist, cluster mode fails at boot with a message saying so, while the rest of
 * the API compiles and runs. Once `KubeCluster` and `loadKubeconfig` are released, import them too.
 */
export interface ClusterAdapters {
  createDemo(): ClusterPort;
  createKube(config: AppConfig): ClusterPort;
}

/** What the API needs of `loadKubeconfig` from @orphelix/k8s. */
type LoadKubeconfig = (env: NodeJS.ProcessEnv) => { kubeconfig: unknown; files: string[] } | null;
type KubeClusterClass = new (kubeconfig: unknown) => ClusterPort;

function exported<T>(lib: object, name: string): T | undefined {
  const value: unknown = (lib as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as T) : undefined;
}

export class AdapterMissingError extends Error {
  constructor(name: string) {
    super(
      `cluster mode needs ${name} from @orphelix/k8s, which does not export it yet. ` +
        'Set ORPHELIX_MODE=demo to run against the simulated cluster.',
    );
    this.name = 'AdapterMissingError';
  }
}

export const defaultAdapters: ClusterAdapters = {
  createDemo() {
    return new DemoCluster();
  },

  createKube(config) {
    const KubeCluster = exported<KubeClusterClass>(k8sLib, 'KubeCluster');
    const loadKubeconfig = exported<LoadKubeconfig>(k8sLib, 'loadKubeconfig');
    if (!KubeCluster || !loadKubeconfig) {
      throw new AdapterMissingError(KubeCluster ? 'loadKubeconfig' : 'KubeCluster');
    }
    // The validated KUBECONFIG, not the raw variable: one source for the setting.
    const loaded = loadKubeconfig({ ...process.env, KUBECONFIG: config.kubeconfigPaths.join(delimiter) });
    if (!loaded) {
      throw new Error(
        config.kubeconfigPaths.length > 0
          ? `none of the KUBECONFIG files exists (${config.kubeconfigPaths.join(', ')})`
          : 'no ~/.kube/config and no in-cluster service account to connect with',
      );
    }
    return new KubeCluster(loaded.kubeconfig);
  },
};
