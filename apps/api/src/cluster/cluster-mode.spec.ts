import { type Environment, resolveClusterMode, SERVICE_ACCOUNT_TOKEN } from './cluster-mode';

function environment(files: string[], env: Record<string, string> = {}): Environment {
  return { env, fileExists: (path) => files.includes(path), homeDir: () => '/home/ops' };
}

describe('resolveClusterMode', () => {
  it('obeys an explicit mode whatever the machine has', () => {
    const machine = environment(['/home/ops/.kube/config']);
    expect(resolveClusterMode({ mode: 'demo', kubeconfigPaths: [] }, machine).mode).toBe('demo');
    expect(resolveClusterMode({ mode: 'cluster', kubeconfigPaths: [] }, environment([])).mode).toBe('cluster');
  });

  it('auto: uses the cluster when ~/.kube/config exists', () => {
    expect(resolveClusterMode({ mode: 'auto', kubeconfigPaths: [] }, environment(['/home/ops/.kube/config']))).toEqual({
      mode: 'cluster',
      reason: 'ORPHELIX_MODE=auto and /home/ops/.kube/config exists',
    });
  });

  it('auto: uses the cluster when KUBECONFIG is set, even to missing files', () => {
    expect(resolveClusterMode({ mode: 'auto', kubeconfigPaths: ['/a', '/b'] }, environment(['/b'])).reason).toContain(
      '/b',
    );
    const missing = resolveClusterMode({ mode: 'auto', kubeconfigPaths: ['/typo'] }, environment([]));
    expect(missing.mode).toBe('cluster');
    expect(missing.reason).toContain('/typo');
  });

  it('auto: uses the cluster inside a pod with a service account', () => {
    const pod = environment([SERVICE_ACCOUNT_TOKEN], { KUBERNETES_SERVICE_HOST: '10.96.0.1' });
    expect(resolveClusterMode({ mode: 'auto', kubeconfigPaths: [] }, pod).mode).toBe('cluster');
  });

  it('auto: needs both the service host and the token for in-cluster', () => {
    const auto = { mode: 'auto', kubeconfigPaths: [] } as const;
    expect(resolveClusterMode(auto, environment([], { KUBERNETES_SERVICE_HOST: '10.96.0.1' })).mode).toBe('demo');
    expect(resolveClusterMode(auto, environment([SERVICE_ACCOUNT_TOKEN])).mode).toBe('demo');
  });

  it('auto: falls back to demo only without any credentials, and says why', () => {
    const decision = resolveClusterMode({ mode: 'auto', kubeconfigPaths: [] }, environment([]));
    expect(decision.mode).toBe('demo');
    expect(decision.reason).toMatch(/no KUBECONFIG, no \/home\/ops\/.kube\/config and no in-cluster service account/);
  });
});
