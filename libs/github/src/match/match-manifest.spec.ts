import { matchManifest } from './match-manifest';
import { MemoryRepo } from './memory-repo';
import type { LiveObject, MatchCandidate, MatchResult } from './types';

/** A manifest's text. */
function manifest(apiVersion: string, kind: string, name: string, namespace?: string, extra = ''): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}${extra}`;
}

function live(
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
  labels?: Record<string, string>,
  annotations?: Record<string, string>,
): LiveObject {
  return { apiVersion, kind, metadata: { name, namespace, labels, annotations } };
}

const deployment = (name: string, namespace?: string) =>
  manifest('apps/v1', 'Deployment', name, namespace, 'spec:\n  replicas: 1\n');
const service = (name: string, namespace?: string) =>
  manifest('v1', 'Service', name, namespace, 'spec:\n  ports:\n    - port: 80\n');

function find(result: MatchResult, path: string, documentIndex?: number): MatchCandidate {
  const found = result.candidates.find(
    (candidate) =>
      candidate.path === path && (documentIndex === undefined || candidate.documentIndex === documentIndex),
  );
  if (!found) throw new Error(`${path} is not a candidate: ${JSON.stringify(result.candidates, null, 2)}`);
  return found;
}

function paths(result: MatchResult): string[] {
  return result.candidates.map((candidate) => candidate.path);
}

describe('matchManifest', () => {
  describe('a plain manifests repo', () => {
    const repo = () =>
      new MemoryRepo({
        'README.md': '# shop',
        'k8s/web/deployment.yaml': deployment('web', 'shop'),
        'k8s/web/service.yaml': service('web', 'shop'),
        'k8s/api/deployment.yaml': deployment('api', 'shop'),
        'k8s/api/service.yml': service('api', 'shop'),
      });

    it('finds the one manifest with the same kind, name and namespace, and nothing else', async () => {
      const result = await matchManifest(repo(), { object: live('apps/v1', 'Deployment', 'web', 'shop') });
      expect(paths(result)).toEqual(['k8s/web/deployment.yaml']);
      expect(result.candidates[0]).toMatchObject({ documentIndex: 0, via: 'content', score: 0.88 });
      expect(result.candidates[0].reasons.join(' ')).toContain('namespace "shop" in the manifest');
      expect(result).toMatchObject({ filesConsidered: 4, filesRead: 4, truncated: false });
    });

    it('tells a Service from a Deployment of the same name', async () => {
      const result = await matchManifest(repo(), { object: live('v1', 'Service', 'api', 'shop') });
      expect(paths(result)).toEqual(['k8s/api/service.yml']);
    });

    it('does not take a manifest of another API group for the same kind', async () => {
      const result = await matchManifest(
        new MemoryRepo({ 'knative/web.yaml': manifest('serving.knative.dev/v1', 'Service', 'web', 'shop') }),
        { object: live('v1', 'Service', 'web', 'shop') },
      );
      expect(result.candidates).toEqual([]);
    });

    it('matches a Pod to its Deployment through the owner chain, and says so', async () => {
      const result = await matchManifest(repo(), {
        object: live('v1', 'Pod', 'web-5d9c7b-x2x8z', 'shop'),
        owners: [live('apps/v1', 'ReplicaSet', 'web-5d9c7b', 'shop'), live('apps/v1', 'Deployment', 'web', 'shop')],
      });
      expect(result.candidates[0].path).toBe('k8s/web/deployment.yaml');
      expect(result.candidates[0].score).toBeLessThan(0.88);
      expect(result.candidates[0].score).toBeGreaterThan(0.75);
      expect(result.candidates[0].reasons[0]).toBe('matches the owner: Deployment/web owns Pod/web-5d9c7b-x2x8z');
    });
  });

  describe('multi-document files', () => {
    it('points at the document, not only the file', async () => {
      const all = [
        manifest('v1', 'ConfigMap', 'web', 'shop', 'data:\n  a: "1"\n'),
        deployment('web', 'shop'),
        service('web', 'shop'),
      ].join('---\n');
      const result = await matchManifest(new MemoryRepo({ 'manifests/all.yaml': all }), {
        object: live('v1', 'Service', 'web', 'shop'),
      });
      expect(result.candidates).toHaveLength(1);
      expect(result.candidates[0]).toMatchObject({ path: 'manifests/all.yaml', documentIndex: 2 });
    });
  });

  describe('the same name in two namespaces', () => {
    it('ranks the manifest of the live namespace clearly first and explains the other', async () => {
      const result = await matchManifest(
        new MemoryRepo({
          'team-a/web.yaml': deployment('web', 'team-a'),
          'team-b/web.yaml': deployment('web', 'team-b'),
        }),
        { object: live('apps/v1', 'Deployment', 'web', 'team-b') },
      );
      expect(paths(result)).toEqual(['team-b/web.yaml', 'team-a/web.yaml']);
      const [best, other] = result.candidates;
      expect(best.score - other.score).toBeGreaterThanOrEqual(0.5);
      expect(other.reasons.join(' ')).toContain('but the live object is in "team-b"');
    });
  });

  describe('kustomize base and overlays', () => {
    const repo = () =>
      new MemoryRepo({
        'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - service.yaml\n',
        'base/deployment.yaml': deployment('web'),
        'base/service.yaml': service('web'),
        'overlays/staging/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\nnamespace: staging\nnameSuffix: -staging\n',
        'overlays/prod/kustomization.yaml':
          'resources:\n  - ../../base\nnamespace: prod\nnamePrefix: eu-\nnameSuffix: -prod\npatches:\n  - path: replicas.yaml\n',
        'overlays/prod/replicas.yaml': deployment('web').replace('replicas: 1', 'replicas: 5'),
      });

    it('strips the prod overlay prefix and suffix to reach the base manifest, and lists the overlay and its patch', async () => {
      const result = await matchManifest(repo(), { object: live('apps/v1', 'Deployment', 'eu-web-prod', 'prod') });
      expect(paths(result)).toEqual([
        'base/deployment.yaml',
        'overlays/prod/replicas.yaml',
        'overlays/prod/kustomization.yaml',
      ]);
      const base = find(result, 'base/deployment.yaml');
      expect(base.via).toBe('kustomize');
      expect(base.score).toBe(0.85);
      expect(base.reasons.join(' ')).toContain('nameSuffix "-prod"');
      expect(base.reasons.join(' ')).toContain('namespace "prod" set by overlays/prod/kustomization.yaml');
      expect(find(result, 'overlays/prod/kustomization.yaml').reasons[0]).toContain('namePrefix "eu-"');
      expect(result.candidates.some((candidate) => candidate.path.includes('staging'))).toBe(false);
    });

    it('picks the staging overlay for the staging object', async () => {
      const result = await matchManifest(repo(), { object: live('v1', 'Service', 'web-staging', 'staging') });
      expect(paths(result)).toEqual(['base/service.yaml', 'overlays/staging/kustomization.yaml']);
    });

    it('does not match a name no overlay produces', async () => {
      const result = await matchManifest(repo(), { object: live('apps/v1', 'Deployment', 'web-dev', 'dev') });
      expect(result.candidates.every((candidate) => candidate.via === 'path')).toBe(true);
      expect(result.candidates.every((candidate) => candidate.score <= 0.2)).toBe(true);
    });
  });

  describe('an Argo CD app of apps', () => {
    const application = (name: string, path: string, namespace: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n  source:\n    repoURL: https://github.com/acme/gitops\n    path: ${path}\n  destination:\n    namespace: ${namespace}\n`;
    const repo = () =>
      new MemoryRepo({
        'argocd/root.yaml': application('root', 'argocd/apps', 'argocd'),
        'argocd/apps/shop.yaml': application('shop', 'workloads/shop', 'shop'),
        'argocd/apps/blog.yaml': application('blog', './workloads/blog/', 'blog'),
        'workloads/shop/deployment.yaml': deployment('web'),
        'workloads/blog/deployment.yaml': deployment('web'),
      });

    it('follows the tracking id to the Application and its source path', async () => {
      const object = live('apps/v1', 'Deployment', 'web', 'shop', undefined, {
        'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:shop/web',
      });
      const result = await matchManifest(repo(), { object });
      expect(paths(result)).toEqual([
        'workloads/shop/deployment.yaml',
        'argocd/apps/shop.yaml',
        'workloads/blog/deployment.yaml',
      ]);
      const [best, app, other] = result.candidates;
      expect(best).toMatchObject({ via: 'argocd', score: 0.93 });
      expect(best.reasons.join(' ')).toContain('namespace "shop" from the destination of Argo CD Application "shop"');
      expect(app.reasons.join(' ')).toContain('Argo CD Application "root" (app of apps)');
      expect(other.score).toBeLessThanOrEqual(0.35);
      expect(result.signals).toEqual(['Deployment/web: Argo CD tracking id names Application "shop"']);
    });

    it('keeps a manifest for another namespace low even inside the tracked app folder', async () => {
      const reader = repo();
      const files = await reader.listFiles();
      const texts: Record<string, string> = { 'workloads/shop/legacy.yaml': deployment('web', 'legacy') };
      for (const file of files) texts[file.path] = await reader.readFile(file.path);
      const object = live('apps/v1', 'Deployment', 'web', 'shop', undefined, {
        'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:shop/web',
      });
      const result = await matchManifest(new MemoryRepo(texts), { object });
      expect(result.candidates[0].path).toBe('workloads/shop/deployment.yaml');
      expect(find(result, 'workloads/shop/legacy.yaml').score).toBe(0.28);
    });

    it('matches a Pod through its Deployment, whose tracking id names the app', async () => {
      const owner = live('apps/v1', 'Deployment', 'web', 'shop', undefined, {
        'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:shop/web',
      });
      const pod = live('v1', 'Pod', 'web-7f9c-abcde', 'shop', { 'app.kubernetes.io/instance': 'shop' });
      const result = await matchManifest(repo(), { object: pod, owners: [owner] });
      expect(result.candidates[0]).toMatchObject({
        path: 'workloads/shop/deployment.yaml',
        via: 'argocd',
        score: 0.84,
      });
      expect(result.candidates[0].reasons).toContain(
        'inside the source path "workloads/shop" of Argo CD Application "shop" (argocd/apps/shop.yaml), whose tracking id names exactly this object',
      );
      expect(find(result, 'argocd/apps/shop.yaml').reasons[0]).toBe(
        'Argo CD Application "shop": the tracking id on Deployment/web names it',
      );
    });

    it('follows the instance label too, a little less surely', async () => {
      const object = live('apps/v1', 'Deployment', 'web', 'blog', { 'app.kubernetes.io/instance': 'blog' });
      const result = await matchManifest(repo(), { object });
      expect(result.candidates[0]).toMatchObject({ path: 'workloads/blog/deployment.yaml', via: 'argocd', score: 0.9 });
      expect(find(result, 'argocd/apps/blog.yaml').score).toBe(0.4);
    });
  });

  describe('an Argo CD ApplicationSet over folders', () => {
    const repo = () =>
      new MemoryRepo({
        'bootstrap/appset.yaml': [
          'apiVersion: argoproj.io/v1alpha1',
          'kind: ApplicationSet',
          'metadata:',
          '  name: services',
          '  namespace: argocd',
          'spec:',
          '  generators:',
          '    - git:',
          '        repoURL: https://github.com/acme/gitops',
          '        revision: HEAD',
          '        directories:',
          '          - path: services/*',
          '          - path: services/legacy',
          '            exclude: true',
          '  template:',
          '    metadata:',
          "      name: '{{path.basename}}-prod'",
          '    spec:',
          '      source:',
          '        repoURL: https://github.com/acme/gitops',
          "        path: '{{path}}'",
          '      destination:',
          "        namespace: '{{path.basename}}'",
          '',
        ].join('\n'),
        'services/orders/deployment.yaml': deployment('api'),
        'services/billing/deployment.yaml': deployment('api'),
        'services/legacy/deployment.yaml': deployment('api'),
      });

    it('finds the generated app from its name and uses the folder it came from', async () => {
      const object = live('apps/v1', 'Deployment', 'api', 'billing', undefined, {
        'argocd.argoproj.io/tracking-id': 'billing-prod:apps/Deployment:billing/api',
      });
      const result = await matchManifest(repo(), { object });
      expect(result.candidates[0]).toMatchObject({
        path: 'services/billing/deployment.yaml',
        via: 'argocd',
        score: 0.93,
      });
      expect(result.candidates[0].reasons.join(' ')).toContain('made by ApplicationSet "services"');
      const appSet = find(result, 'bootstrap/appset.yaml');
      expect(appSet.reasons).toContain('generated by ApplicationSet "services" from folder "services/billing"');
      expect(find(result, 'services/orders/deployment.yaml').score).toBe(0.2);
    });

    it('makes no app from an excluded folder', async () => {
      const object = live('apps/v1', 'Deployment', 'api', 'legacy', undefined, {
        'argocd.argoproj.io/tracking-id': 'legacy-prod:apps/Deployment:legacy/api',
      });
      const result = await matchManifest(repo(), { object });
      expect(result.candidates.some((candidate) => candidate.path === 'bootstrap/appset.yaml')).toBe(false);
      expect(find(result, 'services/legacy/deployment.yaml')).toMatchObject({ via: 'content', score: 0.7 });
    });
  });

  describe('an Argo CD Application over a chart in the repo', () => {
    it('finds the chart from the app path, its templates, and the values files the app names', async () => {
      const reader = new MemoryRepo({
        'apps/shop.yaml': [
          'apiVersion: argoproj.io/v1alpha1',
          'kind: Application',
          'metadata:',
          '  name: shop',
          'spec:',
          '  sources:',
          '    - repoURL: https://github.com/acme/gitops',
          '      path: charts/shop',
          '      helm:',
          '        valueFiles:',
          '          - $values/env/prod/shop.yaml',
          '    - repoURL: https://github.com/acme/gitops',
          '      ref: values',
          '  destination:',
          '    namespace: prod',
          '',
        ].join('\n'),
        'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.3.0\n',
        'charts/shop/values.yaml': 'replicas: 1\n',
        'charts/shop/templates/web.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\n',
        'env/prod/shop.yaml': 'replicas: 4\n',
      });
      const object = live('apps/v1', 'Deployment', 'shop-web', 'prod', {
        'app.kubernetes.io/instance': 'shop',
        'app.kubernetes.io/managed-by': 'Helm',
      });
      const result = await matchManifest(reader, { object });
      expect(paths(result)).toEqual([
        'charts/shop/templates/web.yaml',
        'env/prod/shop.yaml',
        'apps/shop.yaml',
        'charts/shop/values.yaml',
      ]);
      expect(result.candidates[0].reasons.join(' ')).toContain('is the source of Argo CD Application "shop"');
      expect(find(result, 'env/prod/shop.yaml').reasons[0]).toContain('passes to its chart');
    });
  });

  describe('a Flux repo', () => {
    const fluxKustomization = (name: string, path: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    const repo = () =>
      new MemoryRepo({
        'clusters/prod/kustomization.yaml': 'resources:\n  - apps.yaml\n  - infrastructure.yaml\n',
        'clusters/prod/apps.yaml': fluxKustomization('apps', './apps/prod'),
        'clusters/prod/infrastructure.yaml': fluxKustomization('infrastructure', './infrastructure'),
        'apps/base/podinfo/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
        'apps/base/podinfo/deployment.yaml': deployment('podinfo', 'podinfo'),
        'apps/prod/kustomization.yaml': 'resources:\n  - ../base/podinfo\n',
        'apps/staging/kustomization.yaml': 'resources:\n  - ../base/podinfo\nnamespace: podinfo-staging\n',
        'infrastructure/redis/release.yaml': [
          'apiVersion: helm.toolkit.fluxcd.io/v2',
          'kind: HelmRelease',
          'metadata:',
          '  name: redis',
          '  namespace: redis',
          'spec:',
          '  chart:',
          '    spec:',
          '      chart: redis',
          '      sourceRef:',
          '        kind: HelmRepository',
          '        name: bitnami',
          '  values:',
          '    replicas: 3',
          '',
        ].join('\n'),
      });

    it('follows the Flux Kustomization labels to its path and through kustomize to the base', async () => {
      const object = live('apps/v1', 'Deployment', 'podinfo', 'podinfo', {
        'kustomize.toolkit.fluxcd.io/name': 'apps',
        'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
      });
      const result = await matchManifest(repo(), { object });
      expect(paths(result)).toEqual(['apps/base/podinfo/deployment.yaml', 'clusters/prod/apps.yaml']);
      expect(result.candidates[0]).toMatchObject({ via: 'flux', score: 0.94 });
      expect(result.candidates[1].reasons[0]).toContain('it applies "apps/prod"');
    });

    it('follows a HelmRelease to a chart kept in the same repo', async () => {
      const reader = new MemoryRepo({
        'releases/web.yaml':
          'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  chart:\n    spec:\n      chart: ./charts/web\n      sourceRef:\n        kind: GitRepository\n        name: flux-system\n',
        'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
        'charts/web/templates/deployment.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
      });
      const object = live('apps/v1', 'Deployment', 'web', 'shop', {
        'helm.toolkit.fluxcd.io/name': 'web',
        'helm.toolkit.fluxcd.io/namespace': 'shop',
      });
      const result = await matchManifest(reader, { object });
      expect(paths(result)).toEqual(['charts/web/templates/deployment.yaml', 'releases/web.yaml']);
      expect(result.candidates[0]).toMatchObject({ via: 'helm', score: 0.65 });
      expect(result.candidates[1]).toMatchObject({ via: 'flux', score: 0.55 });
    });

    it('points at the HelmRelease when the chart comes from a chart repository', async () => {
      const object = live(
        'apps/v1',
        'StatefulSet',
        'redis-master',
        'redis',
        {
          'helm.toolkit.fluxcd.io/name': 'redis',
          'helm.toolkit.fluxcd.io/namespace': 'redis',
          'app.kubernetes.io/managed-by': 'Helm',
          'helm.sh/chart': 'redis-18.1.0',
        },
        { 'meta.helm.sh/release-name': 'redis', 'meta.helm.sh/release-namespace': 'redis' },
      );
      const result = await matchManifest(repo(), { object });
      expect(result.candidates[0]).toMatchObject({
        path: 'infrastructure/redis/release.yaml',
        via: 'flux',
        score: 0.62,
      });
      expect(result.candidates[0].reasons.join(' ')).toContain('comes from a HelmRepository');
    });
  });

  describe('a Helm chart in the repo', () => {
    const repo = () =>
      new MemoryRepo({
        'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.2.3\n',
        'charts/web/values.yaml': 'replicas: 1\n',
        'charts/web/values-prod.yaml': 'replicas: 3\n',
        'charts/web/templates/_helpers.tpl': '{{- define "web.fullname" -}}{{ .Release.Name }}-web{{- end }}',
        'charts/web/templates/deployment.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicas }}\n',
        'charts/web/templates/worker.yaml':
          '{{- if .Values.worker.enabled }}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}-worker\nspec:\n  replicas: 1\n{{- end }}\n',
        'charts/web/templates/service.yaml':
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "web.fullname" . }}\n',
        'charts/other/Chart.yaml': 'apiVersion: v2\nname: other\nversion: 0.1.0\n',
        'charts/other/templates/deployment.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
      });
    const helmObject = (name: string) =>
      live(
        'apps/v1',
        'Deployment',
        name,
        'prod',
        { 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': 'web-1.2.3', 'app.kubernetes.io/instance': 'shop' },
        { 'meta.helm.sh/release-name': 'shop', 'meta.helm.sh/release-namespace': 'prod' },
      );

    it('matches the template of the labelled chart whose literal name parts fit best', async () => {
      const result = await matchManifest(repo(), { object: helmObject('shop-web-worker') });
      expect(paths(result).slice(0, 2)).toEqual([
        'charts/web/templates/worker.yaml',
        'charts/web/templates/deployment.yaml',
      ]);
      expect(result.candidates[0]).toMatchObject({ via: 'helm', score: 0.75, documentIndex: 0 });
      expect(result.candidates[0].reasons.join(' ')).toContain(
        'the helm.sh/chart label on Deployment/shop-web-worker names',
      );
      expect(find(result, 'charts/web/values-prod.yaml').score).toBeGreaterThan(
        find(result, 'charts/web/values.yaml').score,
      );
      expect(find(result, 'charts/other/templates/deployment.yaml').score).toBeLessThan(0.5);
      expect(result.candidates.some((candidate) => candidate.path === 'charts/web/templates/service.yaml')).toBe(false);
    });

    it('does not offer templates with no literal name to an object without Helm labels', async () => {
      const result = await matchManifest(repo(), { object: live('apps/v1', 'Deployment', 'something', 'prod') });
      expect(result.candidates).toEqual([]);
    });
  });

  describe('no match at all', () => {
    it('returns an empty list, not a guess, having read everything', async () => {
      const reader = new MemoryRepo({
        'k8s/web/deployment.yaml': deployment('web', 'shop'),
        'k8s/web/service.yaml': service('web', 'shop'),
        'docs/notes.md': 'payments runs elsewhere',
      });
      const result = await matchManifest(reader, { object: live('apps/v1', 'Deployment', 'payments', 'shop') });
      expect(result).toMatchObject({ candidates: [], filesConsidered: 2, filesRead: 2, truncated: false });
      expect(reader.reads.sort()).toEqual(['k8s/web/deployment.yaml', 'k8s/web/service.yaml']);
    });
  });

  describe('the read bound', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) {
      files[`config/generated-${String(i).padStart(3, '0')}.yaml`] = manifest(
        'v1',
        'ConfigMap',
        `generated-${i}`,
        'shop',
      );
    }
    files['services/checkout/deployment.yaml'] = deployment('checkout', 'shop');
    files['services/checkout/too-big.yaml'] = `${deployment('checkout', 'other')}# ${'x'.repeat(2000)}\n`;

    it('reads at most the bound, the most promising files first, and says what it left', async () => {
      const reader = new MemoryRepo(files);
      const result = await matchManifest(
        reader,
        { object: live('apps/v1', 'Deployment', 'checkout', 'shop') },
        { maxFilesRead: 20, maxFileBytes: 1000 },
      );
      expect(reader.reads.length).toBe(20);
      expect(reader.reads).toContain('services/checkout/deployment.yaml');
      expect(reader.reads).not.toContain('services/checkout/too-big.yaml');
      expect(result).toMatchObject({ filesConsidered: 302, filesRead: 20, truncated: true });
      expect(result.notes).toEqual([
        '1 YAML file(s) over 1000 bytes not read',
        '281 YAML file(s) not read: at most 20 files are read',
      ]);
      expect(result.candidates[0]).toMatchObject({ path: 'services/checkout/deployment.yaml', score: 0.88 });
      const hint = find(result, 'services/checkout/too-big.yaml');
      expect(hint.via).toBe('path');
      expect(hint.score).toBeLessThanOrEqual(0.2);
    });

    it('reads the kustomize configs first, then the files a fitting overlay pulls in', async () => {
      const noisy: Record<string, string> = {
        'base/kustomization.yaml': 'resources:\n  - app.yaml\n',
        'base/app.yaml': deployment('web'),
        'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: prod\nnameSuffix: -prod\n',
      };
      for (let i = 0; i < 100; i++)
        noisy[`a-noise/cm-${String(i).padStart(3, '0')}.yaml`] = manifest('v1', 'ConfigMap', `cm-${i}`);
      const reader = new MemoryRepo(noisy);
      const result = await matchManifest(
        reader,
        { object: live('apps/v1', 'Deployment', 'web-prod', 'prod') },
        { maxFilesRead: 8, concurrency: 4 },
      );
      expect(reader.reads.slice(0, 2).sort()).toEqual(['base/kustomization.yaml', 'overlays/prod/kustomization.yaml']);
      expect(result.candidates[0]).toMatchObject({ path: 'base/app.yaml', via: 'kustomize' });
    });

    it('reads the Argo CD Application first, then its source folder', async () => {
      const apps = ['storefront', 'ledger', 'mailer']
        .map(
          (name, i) =>
            `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\nspec:\n  source:\n    path: workloads/team-${i}\n  destination:\n    namespace: ${name}\n`,
        )
        .join('---\n');
      const noisy: Record<string, string> = {
        'argocd/apps.yaml': apps,
        'workloads/team-0/main.yaml': deployment('web'),
      };
      for (let i = 0; i < 100; i++)
        noisy[`a-noise/cm-${String(i).padStart(3, '0')}.yaml`] = manifest('v1', 'ConfigMap', `cm-${i}`);
      const reader = new MemoryRepo(noisy);
      const object = live('apps/v1', 'Deployment', 'web', 'storefront', undefined, {
        'argocd.argoproj.io/tracking-id': 'storefront:apps/Deployment:storefront/web',
      });
      const result = await matchManifest(reader, { object }, { maxFilesRead: 8, concurrency: 4 });
      expect(reader.reads[0]).toBe('argocd/apps.yaml');
      expect(result.candidates[0]).toMatchObject({ path: 'workloads/team-0/main.yaml', via: 'argocd', score: 0.93 });
      expect(find(result, 'argocd/apps.yaml', 0).via).toBe('argocd');
    });

    it('in a monorepo with many kustomizations, still reads the folder named after the object first', async () => {
      const monorepo: Record<string, string> = {};
      for (let i = 0; i < 1200; i++) {
        monorepo[`team-${i % 30}/svc-${i}/deployment.yaml`] = deployment(`svc-${i}`);
        if (i % 10 === 0)
          monorepo[`team-${i % 30}/svc-${i}/kustomization.yaml`] =
            `resources:\n  - deployment.yaml\nnamespace: team-${i % 30}\n`;
      }
      const reader = new MemoryRepo(monorepo);
      const result = await matchManifest(reader, { object: live('apps/v1', 'Deployment', 'svc-777', 'team-27') });
      expect(reader.reads.slice(0, 8)).toContain('team-27/svc-777/deployment.yaml');
      expect(result.candidates[0]).toMatchObject({ path: 'team-27/svc-777/deployment.yaml', score: 0.7 });
      expect(result.filesRead).toBe(150);
    });

    it('counts files it could not read', async () => {
      const reader = new MemoryRepo({ 'a.yaml': deployment('a', 'shop') });
      reader.readFile = () => Promise.reject(new Error('gone'));
      const result = await matchManifest(reader, { object: live('apps/v1', 'Deployment', 'a', 'shop') });
      expect(result).toMatchObject({ filesRead: 0, truncated: true, notes: ['1 file(s) could not be read'] });
      expect(result.candidates).toEqual([]);
    });
  });
});
