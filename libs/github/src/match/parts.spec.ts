import { joinPath, readDocuments, templatedNameFits } from './documents';
import { buildKustomizeGraph, readKustomizeConfig } from './kustomize';
import { parseTrackingId, readSignals, splitChartLabel } from './signals';

describe('readDocuments', () => {
  it('reads every document of a multi-document file and skips empty ones', () => {
    const docs = readDocuments(
      '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n---\n# nothing\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    );
    expect(docs.map((doc) => [doc.index, doc.kind, doc.name, doc.namespace])).toEqual([
      [0, 'Service', 'web', 'shop'],
      [1, 'Deployment', 'web', undefined],
    ]);
  });

  it('reads a Helm template as text: kind and the templated name', () => {
    const docs = readDocuments(
      [
        '{{- if .Values.enabled }}',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: {{ include "web.fullname" . }}-worker',
        '  labels:',
        '    name: not-this-one',
        '  namespace: {{ .Release.Namespace }}',
        'spec:',
        '  replicas: {{ .Values.replicas }}',
        '{{- end }}',
      ].join('\n'),
    );
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      name: '{{ include "web.fullname" . }}-worker',
      templated: true,
    });
  });

  it('matches a templated name by its literal parts', () => {
    expect(templatedNameFits('{{ include "web.fullname" . }}-worker', 'shop-web-worker')).toEqual({
      fits: true,
      literal: 7,
    });
    expect(templatedNameFits('{{ include "web.fullname" . }}-worker', 'shop-web').fits).toBe(false);
    expect(templatedNameFits('{{ .Release.Name }}', 'anything')).toEqual({ fits: true, literal: 0 });
  });

  it('joins relative paths and refuses to climb out of the repo', () => {
    expect(joinPath('overlays/prod', '../../base/deploy.yaml')).toBe('base/deploy.yaml');
    expect(joinPath('', './apps/web/')).toBe('apps/web');
    expect(joinPath('a', '../../x')).toBeNull();
  });
});

describe('readSignals', () => {
  it('parses an Argo CD tracking id, with and without an app namespace', () => {
    expect(parseTrackingId('shop:apps/Deployment:prod/web')).toEqual({
      app: 'shop',
      tracked: { group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'web' },
    });
    expect(parseTrackingId('team-a_shop:/Service:prod/web')).toMatchObject({
      app: 'shop',
      appNamespace: 'team-a',
      tracked: { group: '', kind: 'Service' },
    });
    expect(parseTrackingId('not a tracking id')).toBeNull();
  });

  it('splits helm.sh/chart into name and SemVer, names with digits and dashes included', () => {
    expect(splitChartLabel('my-2-chart-1.0.0')).toEqual({ name: 'my-2-chart', version: '1.0.0' });
    expect(splitChartLabel('web-0.1.0-rc.1')).toEqual({ name: 'web', version: '0.1.0-rc.1' });
    expect(splitChartLabel('odd')).toEqual({ name: 'odd' });
  });

  it('reads Flux, Helm and Argo CD signals from the object and its owners', () => {
    const signals = readSignals([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web-abc', labels: { 'app.kubernetes.io/instance': 'shop' } },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'web',
          labels: {
            'kustomize.toolkit.fluxcd.io/name': 'apps',
            'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
            'app.kubernetes.io/managed-by': 'Helm',
            'helm.sh/chart': 'web-1.2.3',
          },
          annotations: { 'meta.helm.sh/release-name': 'shop-web', 'meta.helm.sh/release-namespace': 'shop' },
        },
      },
    ]);
    expect(signals.argo).toEqual([{ app: 'shop', how: 'label', on: 'Pod/web-abc' }]);
    expect(signals.fluxKustomizations).toEqual([{ name: 'apps', namespace: 'flux-system', on: 'Deployment/web' }]);
    expect(signals.helm).toEqual([
      { release: 'shop-web', releaseNamespace: 'shop', chart: 'web', chartVersion: '1.2.3', on: 'Deployment/web' },
    ]);
  });
});

describe('kustomize routes', () => {
  const config = (path: string, text: string) => readKustomizeConfig(path, readDocuments(text));

  it('ignores a Flux Kustomization object saved as kustomization.yaml', () => {
    expect(
      config(
        'clusters/prod/kustomization.yaml',
        'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\nspec:\n  path: ./apps\n',
      ),
    ).toBeNull();
  });

  it('accumulates prefixes and suffixes, and the outermost namespace wins', () => {
    const base = config('base/kustomization.yaml', 'resources:\n  - deploy.yaml\nnamePrefix: app-\nnamespace: base\n');
    const prod = config(
      'overlays/prod/kustomization.yaml',
      'resources:\n  - ../../base\nnamePrefix: eu-\nnameSuffix: -prod\nnamespace: prod\npatches:\n  - path: patch.yaml\n',
    );
    if (!base || !prod) throw new Error('configs did not parse');
    const graph = buildKustomizeGraph(
      [base, prod],
      ['base/deploy.yaml', 'base/kustomization.yaml', 'overlays/prod/kustomization.yaml', 'overlays/prod/patch.yaml'],
    );
    const routes = graph.resources.get('base/deploy.yaml') ?? [];
    expect(routes.map((route) => [route.prefix, route.suffix, route.namespace])).toEqual(
      expect.arrayContaining([
        ['app-', '', 'base'],
        ['eu-app-', '-prod', 'prod'],
      ]),
    );
    expect(graph.patches.get('overlays/prod/patch.yaml')).toHaveLength(1);
  });

  it('survives configs that include each other', () => {
    const a = config('a/kustomization.yaml', 'resources:\n  - ../b\n');
    const b = config('b/kustomization.yaml', 'resources:\n  - ../a\n  - x.yaml\n');
    if (!a || !b) throw new Error('configs did not parse');
    const graph = buildKustomizeGraph([a, b], ['a/kustomization.yaml', 'b/kustomization.yaml', 'b/x.yaml']);
    expect(graph.resources.get('b/x.yaml')?.length).toBeGreaterThan(0);
  });
});
