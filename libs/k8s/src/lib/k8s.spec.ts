import { KubeConfig } from '@kubernetes/client-node';
describe('import', () => {
  it('loads client-node', () => {
    const kc = new KubeConfig();
    kc.loadFromString('apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    expect(kc.getContexts()).toEqual([]);
  });
});
