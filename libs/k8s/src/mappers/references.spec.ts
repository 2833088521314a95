import type { V1PodSpec } from '@kubernetes/client-node';
import { isOwnedBy, podBelongsTo, podSpecReferences } from './references';
import type { Wire } from './wire';

describe('podSpecReferences', () => {
  it('collects every way a pod spec can depend on a ConfigMap or Secret, sorted and unique', () => {
    const spec: Wire<V1PodSpec> = {
      initContainers: [{ name: 'init', envFrom: [{ configMapRef: { name: 'init-env' } }] }],
      containers: [
        {
          name: 'app',
          envFrom: [{ configMapRef: { name: 'app-env' } }, { secretRef: { name: 'app-secret-env' } }],
          env: [
            { name: 'A', valueFrom: { configMapKeyRef: { name: 'flags', key: 'a' } } },
            { name: 'B', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            { name: 'C', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          ],
        },
      ],
      ephemeralContainers: [
        { name: 'debug', env: [{ name: 'D', valueFrom: { secretKeyRef: { name: 'debug-token', key: 't' } } }] },
      ],
      volumes: [
        { name: 'cfg', configMap: { name: 'app-config' } },
        { name: 'tls', secret: { secretName: 'app-tls' } },
        {
          name: 'proj',
          projected: {
            sources: [
              { configMap: { name: 'ca' } },
              { secret: { name: 'client' } },
              { serviceAccountToken: { path: 't' } },
            ],
          },
        },
        { name: 'csi', csi: { driver: 'secrets-store.csi.k8s.io', nodePublishSecretRef: { name: 'vault-creds' } } },
        { name: 'again', configMap: { name: 'flags' } },
      ],
      imagePullSecrets: [{ name: 'registry' }],
    };
    expect(podSpecReferences(spec)).toEqual({
      configMaps: ['app-config', 'app-env', 'ca', 'flags', 'init-env'],
      secrets: ['app-secret-env', 'app-tls', 'client', 'db', 'debug-token', 'registry', 'vault-creds'],
    });
    expect(podSpecReferences(undefined)).toEqual({ configMaps: [], secrets: [] });
  });
});

describe('podBelongsTo', () => {
  const pod = {
    metadata: {
      name: 'api-server-7d9f-abcde',
      labels: { app: 'api' },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-server-7d9f', uid: 'rs-2', controller: true },
      ],
    },
  };

  it('decides by owner uid, not by name prefix or labels', () => {
    expect(podBelongsTo(pod, 'rs-2')).toBe(true);
    expect(podBelongsTo(pod, 'rs-1')).toBe(false);
    expect(podBelongsTo(pod, ['rs-1', 'rs-2'])).toBe(true);
    expect(podBelongsTo(pod, new Set(['rs-9']))).toBe(false);
    expect(podBelongsTo({ metadata: { name: 'bare' } }, 'rs-2')).toBe(false);
    expect(isOwnedBy(pod, [])).toBe(false);
  });
});
