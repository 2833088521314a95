import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfig } from './kubeconfig';

describe('loadKubeconfig: the in-cluster service account', () => {
  let home: string;
  let sa: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'orx-home-'));
    sa = mkdtempSync(join(tmpdir(), 'orx-sa-'));
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(sa, { recursive: true, force: true });
  });

  it('reads token, ca.crt and namespace from the folder it is given, with host and port from env', () => {
    writeFileSync(join(sa, 'token'), 'sa-token');
    writeFileSync(join(sa, 'namespace'), 'orphelix\n');
    const loaded = loadKubeconfig(
      { HOME: home, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '6443' },
      sa,
    );
    expect(loaded?.source).toBe('in-cluster');
    if (!loaded) throw new Error('no kubeconfig loaded');
    const kc = loaded.kubeconfig;
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'https://10.96.0.1:6443', caFile: join(sa, 'ca.crt') });
    expect(kc.getCurrentUser()?.authProvider).toEqual({ name: 'tokenFile', config: { tokenFile: join(sa, 'token') } });
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe('orphelix');
  });

  it('brackets an IPv6 service host and goes without a namespace file', () => {
    writeFileSync(join(sa, 'token'), 'sa-token');
    const loaded = loadKubeconfig(
      { HOME: home, KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
      sa,
    );
    if (!loaded) throw new Error('no kubeconfig loaded');
    const kc = loaded.kubeconfig;
    expect(kc.getCurrentCluster()?.server).toBe('https://[fd00::1]:443');
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBeUndefined();
  });

  it('needs both KUBERNETES_SERVICE_HOST and a token in that folder', () => {
    expect(loadKubeconfig({ HOME: home, KUBERNETES_SERVICE_HOST: '10.96.0.1' }, sa)).toBeNull();
    writeFileSync(join(sa, 'token'), 'sa-token');
    expect(loadKubeconfig({ HOME: home }, sa)).toBeNull();
  });

  it('prefers a kubeconfig over the service account', () => {
    writeFileSync(join(sa, 'token'), 'sa-token');
    const file = join(home, 'kc.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
    );
    expect(loadKubeconfig({ HOME: home, KUBECONFIG: file, KUBERNETES_SERVICE_HOST: '10.96.0.1' }, sa)?.source).toBe(
      'kubeconfig',
    );
  });
});
