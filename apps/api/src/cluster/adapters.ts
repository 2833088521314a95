import { delimiter } from 'node:path';
import { DemoCluster } from '@orphelix/demo';
import { type ClusterPort, KubeCluster, loadKubeconfig } from '@orphelix/k8s';
import type { AppConfig } from '../config/app-config';

/** How each mode's ClusterPort is built; the one place the API touches the adapters' constructors. */
export const adapters = {
  createDemo(): ClusterPort {
    return new DemoCluster();
  },

  createKube(config: AppConfig): ClusterPort {
    // The validated KUBECONFIG, not the raw variable: one source for the setting.
    const loaded = loadKubeconfig(
      { ...process.env, KUBECONFIG: config.kubeconfigPaths.join(delimiter) },
      config.serviceAccountDir,
    );
    if (!loaded) {
      throw new Error(
        config.kubeconfigPaths.length > 0
          ? `none of the KUBECONFIG files exists (${config.kubeconfigPaths.join(', ')})`
          : `no ~/.kube/config and no in-cluster service account (KUBERNETES_SERVICE_HOST and ${config.serviceAccountDir}/token) to connect with`,
      );
    }
    return new KubeCluster(loaded.kubeconfig);
  },
};
