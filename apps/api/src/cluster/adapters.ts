import { delimiter } from 'node:path';
import type { ClusterPort } from '@orphelix/k8s';
import * as demoLib from '@orphelix/demo';
import * as k8sLib from '@orphelix/k8s';
import type { AppConfig } from '../config/app-config';

/**
 * The seam between the API and the ClusterPort implementations. Both adapters are being written
 * alongside the API, so their entry points are looked up by their agreed export names instead of
 * imported: until an export exists, choosing that mode fails at boot with a message saying so, while
 * the rest of the API compiles and runs. Once `DemoCluster`, `KubeCluster` and `loadKubeconfig` are
 * released, replace the look-ups with plain imports.
 */
export interface ClusterAdapters {
  createDemo(): ClusterPort;
  createKube(config: AppConfig): ClusterPort;
}

/** What the API needs of `loadKubeconfig` from @orphelix/k8s. */
type LoadKubeconfig = (env: NodeJS.ProcessEnv) => { kubeconfig: unknown; files: string[] } | null;
type DemoClusterClass = new () => ClusterPort;
type KubeClusterClass = new (kubeconfig: unknown) => ClusterPort;

function exported<T>(lib: object, name: string): T | undefined {
  const value: unknown = (lib as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as T) : undefined;
}

export class AdapterMissingError extends Error {
  constructor(mode: string, library: string, name: string) {
    super(
      `${mode} mode needs ${name} from ${library}, which does not export it yet.` +
        (mode === 'cluster' ? ' Set ORPHELIX_MODE=demo to run against the simulated cluster.' : ''),
    );
    this.name = 'AdapterMissingError';
  }
}

export const defaultAdapters: ClusterAdapters = {
  createDemo() {
    const DemoCluster = exported<DemoClusterClass>(demoLib, 'DemoCluster');
    if (!DemoCluster) {
      throw new AdapterMissingError('demo', '@orphelix/demo', 'DemoCluster');
    }
    return new DemoCluster();
  },

  createKube(config) {
    const KubeCluster = exported<KubeClusterClass>(k8sLib, 'KubeCluster');
    const loadKubeconfig = exported<LoadKubeconfig>(k8sLib, 'loadKubeconfig');
    if (!KubeCluster || !loadKubeconfig) {
      throw new AdapterMissingError('cluster', '@orphelix/k8s', KubeCluster ? 'loadKubeconfig' : 'KubeCluster');
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
