import {
  apiGroup,
  basename,
  dirname,
  field,
  isRecord,
  joinPath,
  normaliseDir,
  str,
  type ManifestDoc,
} from './documents';
import { buildKustomizeGraph, readKustomizeConfig, type KustomizeConfig, type KustomizeGraph } from './kustomize';

/** An Argo CD `Application` found in the repo. */
export interface ArgoApp {
  name: string;
  namespace?: string;
  file: string;
  documentIndex: number;
  /** Source folders (`spec.source.path`, `spec.sources[].path`), repo-relative. */
  paths: string[];
  /** Helm charts pulled from a chart repository (`spec.source.chart`): not in this repo. */
  remoteCharts: string[];
  /** Set when an ApplicationSet's git directory generator makes this app: the set's name and the folder. */
  generatedBy?: { appSet: string; dir: string };
  /** Values files the app names, repo-relative. */
  valueFiles: string[];
  destinationNamespace?: string;
}

/** A Flux `Kustomization` object (kustomize.toolkit.fluxcd.io). */
export interface FluxKustomization {
  name: string;
  namespace?: string;
  file: string;
  documentIndex: number;
  path: string;
  targetNamespace?: string;
}

/** A Flux `HelmRelease`. */
export interface FluxHelmRelease {
  name: string;
  namespace?: string;
  file: string;
  documentIndex: number;
  /** The chart's folder when the chart comes from a GitRepository (`spec.chart.spec.chart: ./charts/web`). */
  chartPath?: string;
  chart?: string;
  sourceKind?: string;
  targetNamespace?: string;
  releaseName: string;
}

/** A Helm chart in the repo (a folder with `Chart.yaml`). */
export interface HelmChart {
  dir: string;
  file: string;
  name: string;
  version?: string;
}

/** What the files read so far say about how the repo deploys things. */
export interface RepoModel {
  docs: Map<string, ManifestDoc[]>;
  apps: ArgoApp[];
  fluxKustomizations: FluxKustomization[];
  helmReleases: FluxHelmRelease[];
  charts: HelmChart[];
  configs: KustomizeConfig[];
  graph: KustomizeGraph;
}

export function buildRepoModel(docs: Map<string, ManifestDoc[]>, yamlPaths: string[]): RepoModel {
  const model: RepoModel = {
    docs,
    apps: [],
    fluxKustomizations: [],
    helmReleases: [],
    charts: [],
    configs: [],
    graph: { resources: new Map(), patches: new Map() },
  };
  for (const [file, fileDocs] of docs) {
    const config = readKustomizeConfig(file, fileDocs);
    if (config) model.configs.push(config);
    if (basename(file) === 'Chart.yaml') {
      const name = str(fileDocs[0]?.body?.['name']);
      if (name) model.charts.push({ dir: dirname(file), file, name, version: str(fileDocs[0]?.body?.['version']) });
      continue;
    }
    for (const doc of fileDocs) {
      if (!doc.body || !doc.name) continue;
      const group = apiGroup(doc.apiVersion);
      if (doc.kind === 'Application' && group === 'argoproj.io') model.apps.push(readArgoApp(file, doc, doc.body));
      if (doc.kind === 'ApplicationSet' && group === 'argoproj.io') {
        model.apps.push(...expandApplicationSet(file, doc, doc.body, yamlPaths));
      }
      if (doc.kind === 'Kustomization' && group === 'kustomize.toolkit.fluxcd.io') {
        const path = normaliseDir(str(field(doc.body, 'spec', 'path')) ?? '') ?? '';
        model.fluxKustomizations.push({
          name: doc.name,
          namespace: doc.namespace,
          file,
          documentIndex: doc.index,
          path,
          targetNamespace: str(field(doc.body, 'spec', 'targetNamespace')),
        });
      }
      if (doc.kind === 'HelmRelease' && group === 'helm.toolkit.fluxcd.io') {
        model.helmReleases.push(readHelmRelease(file, doc, doc.body));
      }
    }
  }
  model.graph = buildKustomizeGraph(model.configs, yamlPaths);
  return model;
}

function readArgoApp(file: string, doc: ManifestDoc, body: Record<string, unknown>): ArgoApp {
  const spec = isRecord(body['spec']) ? body['spec'] : {};
  const sources = [spec['source'], ...(Array.isArray(spec['sources']) ? spec['sources'] : [])].filter(isRecord);
  const app: ArgoApp = {
    name: doc.name ?? '',
    namespace: doc.namespace,
    file,
    documentIndex: doc.index,
    paths: [],
    remoteCharts: [],
    valueFiles: [],
    destinationNamespace: str(field(spec, 'destination', 'namespace')),
  };
  // Sources with `ref` hold values files for other sources (`$values/envs/prod.yaml`).
  const refs = new Map<string, string>();
  for (const source of sources) {
    const ref = str(source['ref']);
    const path = str(source['path']);
    if (ref) refs.set(ref, path ? (normaliseDir(path) ?? '') : '');
  }
  for (const source of sources) {
    const path = str(source['path']);
    const folder = path !== undefined ? normaliseDir(path) : null;
    if (folder !== null && !str(source['ref'])) app.paths.push(folder);
    const chart = str(source['chart']);
    if (chart) app.remoteCharts.push(chart);
    const valueFiles = field(source, 'helm', 'valueFiles');
    for (const entry of Array.isArray(valueFiles) ? valueFiles : []) {
      const value = str(entry);
      if (!value) continue;
      const ref = /^\$([^/]+)\/(.*)$/.exec(value);
      const resolved = ref ? joinPath(refs.get(ref[1]) ?? '', ref[2]) : joinPath(folder ?? '', value);
      if (resolved !== null) app.valueFiles.push(resolved);
    }
  }
  return app;
}

function readHelmRelease(file: string, doc: ManifestDoc, body: Record<string, unknown>): FluxHelmRelease {
  const chart = str(field(body, 'spec', 'chart', 'spec', 'chart'));
  const sourceKind = str(field(body, 'spec', 'chart', 'spec', 'sourceRef', 'kind'));
  const targetNamespace = str(field(body, 'spec', 'targetNamespace'));
  const name = doc.name ?? '';
  return {
    name,
    namespace: doc.namespace,
    file,
    documentIndex: doc.index,
    chart,
    chartPath: chart && sourceKind === 'GitRepository' ? (normaliseDir(chart) ?? undefined) : undefined,
    sourceKind,
    targetNamespace,
    releaseName: str(field(body, 'spec', 'releaseName')) ?? (targetNamespace ? `${targetNamespace}-${name}` : name),
  };
}

const GENERATED_APPS_MAX = 500;

/**
 * The Applications an ApplicationSet's git directory generators make: one per repo folder that fits a `directories`
 * glob (and no `exclude` one), with `{{path}}`, `{{path.basename}}`, `{{path[n]}}` and their Go-template forms filled in.
 * Other generators (list, cluster, matrix…) name apps this reader cannot know, and are left out.
 */
function expandApplicationSet(
  file: string,
  doc: ManifestDoc,
  body: Record<string, unknown>,
  yamlPaths: string[],
): ArgoApp[] {
  const template = field(body, 'spec', 'template');
  if (!isRecord(template)) return [];
  const includes: RegExp[] = [];
  const excludes: RegExp[] = [];
  const generators = field(body, 'spec', 'generators');
  for (const generator of Array.isArray(generators) ? generators : []) {
    const directories = field(generator, 'git', 'directories');
    for (const entry of Array.isArray(directories) ? directories : []) {
      const glob = str(field(entry, 'path'));
      if (glob) (field(entry, 'exclude') === true ? excludes : includes).push(globToRegExp(glob));
    }
  }
  if (includes.length === 0) return [];
  const folders = new Set<string>();
  for (const path of yamlPaths) {
    for (let dir = dirname(path); dir !== ''; dir = dirname(dir)) folders.add(dir);
  }
  const apps: ArgoApp[] = [];
  for (const dir of [...folders].sort()) {
    if (!includes.some((glob) => glob.test(dir)) || excludes.some((glob) => glob.test(dir))) continue;
    const rendered = renderAppTemplate(template, dir);
    const app = readArgoApp(file, { ...doc, name: rendered.name }, rendered.body);
    if (!app.name || app.name.includes('{{')) continue;
    app.paths = app.paths.filter((path) => !path.includes('{{'));
    app.generatedBy = { appSet: doc.name ?? '', dir };
    apps.push(app);
    if (apps.length >= GENERATED_APPS_MAX) break;
  }
  return apps;
}

function renderAppTemplate(
  template: Record<string, unknown>,
  dir: string,
): { name: string; body: Record<string, unknown> } {
  const segments = dir.split('/');
  const base = segments[segments.length - 1];
  const fill = (text: string): string =>
    text
      .replace(/\{\{\s*\.?path\.basenameNormalized\s*\}\}/g, base.toLowerCase().replace(/[^a-z0-9-]/g, '-'))
      .replace(/\{\{\s*\.?path\.basename\s*\}\}/g, base)
      .replace(/\{\{\s*(?:\.path\.path|path\.path|path)\s*\}\}/g, dir)
      .replace(/\{\{\s*path\[(\d+)\]\s*\}\}/g, (_, n: string) => segments[Number(n)] ?? '')
      .replace(/\{\{\s*index\s+\.path\.segments\s+(\d+)\s*\}\}/g, (_, n: string) => segments[Number(n)] ?? '');
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return fill(value);
    if (Array.isArray(value)) return value.map(walk);
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return value;
  };
  const body = walk(template) as Record<string, unknown>; // walk keeps a mapping a mapping
  return { name: str(field(body, 'metadata', 'name')) ?? '', body };
}

/** Argo CD's directory globs: `*` within one folder name, `**` across folders. */
function globToRegExp(glob: string): RegExp {
  const normalised = normaliseDir(glob) ?? glob;
  const pattern = normalised
    .split('**')
    .map((part) =>
      part
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]'),
    )
    .join('.*');
  return new RegExp(`^${pattern}$`);
}
