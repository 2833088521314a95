import { basename, dirname, field, isRecord, isUnder, joinPath, str, type ManifestDoc } from './documents';

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isKustomizationPath(path: string): boolean {
  return KUSTOMIZATION_NAMES.includes(basename(path));
}

/** A kustomize configuration file (`kustomize.config.k8s.io`, not Flux's `Kustomization` object). */
export interface KustomizeConfig {
  path: string;
  dir: string;
  /** Repo paths (files or folders) of `resources`, `bases` and `components`; remote ones left out. */
  resources: string[];
  /** Repo paths of patch files (`patches[].path`, `patchesStrategicMerge`, `patchesJson6902[].path`). */
  patches: string[];
  namePrefix?: string;
  nameSuffix?: string;
  namespace?: string;
}

export function readKustomizeConfig(path: string, docs: ManifestDoc[]): KustomizeConfig | null {
  const body = docs[0]?.body;
  if (!isKustomizationPath(path) || !body) return null;
  const apiVersion = docs[0].apiVersion;
  if (apiVersion !== undefined && !apiVersion.startsWith('kustomize.config.k8s.io/')) return null;
  const dir = dirname(path);
  const local = (entry: unknown): string | null => {
    const value = str(entry);
    if (
      value === undefined ||
      /^[a-z]+:\/\//i.test(value) ||
      value.startsWith('github.com/') ||
      value.includes('?ref=')
    ) {
      return null;
    }
    return joinPath(dir, value);
  };
  const list = (key: string): unknown[] => {
    const value = body[key];
    return Array.isArray(value) ? value : [];
  };
  const resources = [...list('resources'), ...list('bases'), ...list('components')]
    .map(local)
    .filter((entry): entry is string => entry !== null);
  const patches = [
    ...list('patches').map((patch) => (isRecord(patch) ? local(patch['path']) : local(patch))),
    ...list('patchesStrategicMerge').map(local),
    ...list('patchesJson6902').map((patch) => local(field(patch, 'path'))),
  ].filter((entry): entry is string => entry !== null);
  return {
    path,
    dir,
    resources,
    patches,
    namePrefix: str(body['namePrefix']) || undefined,
    nameSuffix: str(body['nameSuffix']) || undefined,
    namespace: str(body['namespace']) || undefined,
  };
}

/** One way a file reaches the cluster through kustomize: the chain of configs, outermost first, and what they do. */
export interface KustomizeRoute {
  chain: KustomizeConfig[];
  prefix: string;
  suffix: string;
  /** The namespace the outermost config that sets one imposes. */
  namespace?: string;
  /** The config that sets `namespace`. */
  namespaceFrom?: KustomizeConfig;
}

export interface KustomizeGraph {
  /** Resource file → the routes that include it. */
  resources: Map<string, KustomizeRoute[]>;
  /** Patch file → the routes down to the config that lists it (that config last in the chain). */
  patches: Map<string, KustomizeRoute[]>;
}

const MAX_ROUTES_PER_FILE = 40;
const MAX_DEPTH = 16;

/**
 * Every route from every config down to the files it includes, each config taken as an entry point (an overlay
 * applied by Argo CD or Flux, or a base applied alone). A folder without a config of its own includes its YAML
 * files, as Flux does.
 */
export function buildKustomizeGraph(configs: KustomizeConfig[], yamlPaths: string[]): KustomizeGraph {
  const byDir = new Map(configs.map((config) => [config.dir, config]));
  const files = new Set(yamlPaths);
  const graph: KustomizeGraph = { resources: new Map(), patches: new Map() };
  const add = (map: Map<string, KustomizeRoute[]>, path: string, route: KustomizeRoute) => {
    const routes = map.get(path) ?? [];
    if (routes.length < MAX_ROUTES_PER_FILE) routes.push(route);
    map.set(path, routes);
  };
  const walk = (config: KustomizeConfig, outer: KustomizeRoute) => {
    if (outer.chain.includes(config) || outer.chain.length >= MAX_DEPTH) return;
    const namespaceSet = outer.namespace === undefined && config.namespace !== undefined;
    const route: KustomizeRoute = {
      chain: [...outer.chain, config],
      prefix: outer.prefix + (config.namePrefix ?? ''),
      suffix: (config.nameSuffix ?? '') + outer.suffix,
      namespace: namespaceSet ? config.namespace : outer.namespace,
      namespaceFrom: namespaceSet ? config : outer.namespaceFrom,
    };
    for (const patch of config.patches) if (files.has(patch)) add(graph.patches, patch, route);
    for (const resource of config.resources) {
      if (files.has(resource)) {
        add(graph.resources, resource, route);
        continue;
      }
      const inner = byDir.get(resource);
      if (inner) {
        walk(inner, route);
        continue;
      }
      for (const path of yamlPaths) {
        if (isUnder(path, resource) && path !== resource && !isKustomizationPath(path))
          add(graph.resources, path, route);
      }
    }
  };
  for (const config of configs) walk(config, { chain: [], prefix: '', suffix: '' });
  return graph;
}

/** The configs of a route that change the name or namespace, in words: `overlays/prod/kustomization.yaml (nameSuffix "-prod")`. */
export function describeRoute(route: KustomizeRoute): string {
  const parts: string[] = [];
  for (const config of route.chain) {
    const does = [
      config.namePrefix ? `namePrefix "${config.namePrefix}"` : undefined,
      config.nameSuffix ? `nameSuffix "${config.nameSuffix}"` : undefined,
      config.namespace ? `namespace "${config.namespace}"` : undefined,
    ].filter((part): part is string => part !== undefined);
    if (does.length) parts.push(`${config.path} (${does.join(', ')})`);
  }
  return parts.join(' → ');
}
