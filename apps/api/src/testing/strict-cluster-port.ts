import { type ClusterPort, type ContextInfo, contextNotFound } from '@orphelix/k8s';

export interface StrictClusterPortOptions {
  mode?: ClusterPort['mode'];
  /** Context names of the fake kubeconfig; the first is the current one. */
  contexts?: string[];
  /** The calls this test expects, with their answers. */
  overrides?: Partial<Omit<ClusterPort, 'mode'>>;
}

export class UnexpectedCallError extends Error {
  constructor(method: string, args: unknown[]) {
    super(`Unexpected call: ClusterPort.${method}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
    this.name = 'UnexpectedCallError';
  }
}

const unexpected =
  (method: string) =>
  (...args: unknown[]): never => {
    throw new UnexpectedCallError(method, args);
  };

/**
 * A ClusterPort for tests: a fake kubeconfig's contexts, and every data method throws unless the test
 * supplies it, so a test cannot pass by accident through a call it did not expect.
 */
export function createStrictClusterPort(options: StrictClusterPortOptions = {}): ClusterPort {
  const names = options.contexts ?? ['kind-lab'];
  const contexts: ContextInfo[] = names.map((name, i) => ({
    name,
    cluster: name,
    server: `https://127.0.0.1:${6443 + i}`,
    user: name,
    namespace: null,
    current: i === 0,
  }));
  return {
    mode: options.mode ?? 'cluster',
    contexts: () => contexts,
    defaultContext: () => names[0],
    assertContext: (context) => {
      if (!names.includes(context)) {
        throw contextNotFound(context, names);
      }
    },
    list: unexpected('list'),
    listPage: unexpected('listPage'),
    watch: unexpected('watch'),
    followPodLogs: unexpected('followPodLogs'),
    get: unexpected('get'),
    eventsFor: unexpected('eventsFor'),
    podLogs: unexpected('podLogs'),
    restartWorkload: unexpected('restartWorkload'),
    deletePod: unexpected('deletePod'),
    version: unexpected('version'),
    canI: unexpected('canI'),
    ...options.overrides,
  };
}
