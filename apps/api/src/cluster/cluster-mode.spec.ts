import { DEFAULT_SERVICE_ACCOUNT_DIR } from '@orphelix/k8s';
import { loadConfig } from '../config/app-config';
import { type Environment, resolveClusterMode } from './cluster-mode';

const SERVICE_ACCOUNT_TOKEN = `${DEFAULT_SERVICE_ACCOUNT_DIR}/token`;
const sa = DEFAULT_SERVICE_ACCOUNT_DIR;

function environment(files: string[], env: Record<string, string> = {}): Environment {
  return { env, fileExists: (path) => files.includes(path), homeDir: () => '/home/ops' };
}

describe('resolveClusterMode', () => {
  it('obeys an explicit mode whatever the machine has', () => {
    const machine = environment(['/home/ops/.kube/config']);
    expect(resolveClusterMode({ mode: 'demo', kubeconfigPaths: [], serviceAccountDir: sa }, machine).mode).toBe('demo');
    expect(
      resolveClusterMode({ mode: 'cluster', kubeconfigPaths: [], serviceAccountDir: sa }, environment([])).mode,
    ).toBe('cluster');
  });

  it('auto: uses the cluster when ~/.kube/config exists', () => {
    expect(
      resolveClusterMode(
        { mode: 'auto', kubeconfigPaths: [], serviceAccountDir: sa },
        environment(['/home/ops/.kube/config']),
      ),
    ).toEqual({
      mode: 'cluster',
      reason: 'ORPHELIX_MODE=auto and /home/ops/.kube/config exists',
    });
  });

  it('auto: uses the cluster when KUBECONFIG is set, even to missing files', () => {
    expect(
      resolveClusterMode({ mode: 'auto', kubeconfigPaths: ['/a', '/b'], serviceAccountDir: sa }, environment(['/b']))
        .reason,
    ).toContain('/b');
    const missing = resolveClusterMode(
      { mode: 'auto', kubeconfigPaths: ['/typo'], serviceAccountDir: sa },
      environment([]),
    );
    expect(missing.mode).toBe('cluster');
    expect(missing.reason).toContain('/typo');
  });

  it('auto: uses the cluster inside a pod with a service account', () => {
    const pod = environment([SERVICE_ACCOUNT_TOKEN], { KUBERNETES_SERVICE_HOST: '10.96.0.1' });
    expect(resolveClusterMode({ mode: 'auto', kubeconfigPaths: [], serviceAccountDir: sa }, pod).mode).toBe('cluster');
  });

  it('auto: needs both the service host and the token for in-cluster', () => {
    const auto = { mode: 'auto', kubeconfigPaths: [], serviceAccountDir: sa } as const;
    expect(resolveClusterMode(auto, environment([], { KUBERNETES_SERVICE_HOST: '10.96.0.1' })).mode).toBe('demo');
    expect(resolveClusterMode(auto, environment([SERVICE_ACCOUNT_TOKEN])).mode).toBe('demo');
  });

  it('auto: falls back to demo only without any credentials, and says why', () => {
    const decision = resolveClusterMode({ mode: 'auto', kubeconfigPaths: [], serviceAccountDir: sa }, environment([]));
    expect(decision.mode).toBe('demo');
    expect(decision.reason).toMatch(/no KUBECONFIG, no \/home\/ops\/.kube\/config and no in-cluster service account/);
  });

  it('auto: looks for the token in ORPHELIX_SERVICE_ACCOUNT_DIR, and only there', () => {
    const dir = '/srv/orphelix/sa';
    const auto = { mode: 'auto', kubeconfigPaths: [], serviceAccountDir: dir } as const;
    const pod = { KUBERNETES_SERVICE_HOST: '10.96.0.1' };
    expect(resolveClusterMode(auto, environment([`${dir}/token`], pod))).toEqual({
      mode: 'cluster',
      reason: `ORPHELIX_MODE=auto, KUBERNETES_SERVICE_HOST is set and ${dir}/token exists`,
    });
    expect(resolveClusterMode(auto, environment([SERVICE_ACCOUNT_TOKEN], pod)).mode).toBe('demo');
  });
});

describe('ORPHELIX_SERVICE_ACCOUNT_DIR', () => {
  it("defaults to the folder Kubernetes mounts a pod's service account in", () => {
    expect(loadConfig({}).serviceAccountDir).toBe('/var/run/secrets/kubernetes.io/serviceaccount');
  });

  it('is resolved to an absolute folder', () => {
    expect(loadConfig({ ORPHELIX_SERVICE_ACCOUNT_DIR: '/etc/orphelix/sa' }).serviceAccountDir).toBe('/etc/orphelix/sa');
    expect(loadConfig({ ORPHELIX_SERVICE_ACCOUNT_DIR: 'sa' }, '/opt/app').serviceAccountDir).toBe('/opt/app/sa');
  });
});
