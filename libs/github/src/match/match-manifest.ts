import {
  apiGroup,
  basename,
  dirname,
  hasTemplate,
  isUnder,
  readDocuments,
  templatedNameFits,
  type ManifestDoc,
} from './documents';
import { describeRoute, isKustomizationPath, type KustomizeRoute } from './kustomize';
import {
  buildRepoModel,
  type ArgoApp,
  type FluxHelmRelease,
  type FluxKustomization,
  type HelmChart,
  type RepoModel,
} from './repo-model';
import { describeSignals, readSignals, type LiveSignals } from './signals';
import type {
  LiveObject,
  MatchCandidate,
  MatchOptions,
  MatchRequest,
  MatchResult,
  MatchVia,
  RepoReader,
} from './types';

const DEFAULTS = { maxFilesRead: 150, maxFileBytes: 512 * 1024, maxCandidates: 10, concurrency: 8 };

/** Scores, in one place: see README.md of this folder for the rules in words. */
export const SCORES = {
  exactExplicitNamespace: 0.88,
  exactInferredNamespace: 0.85,
  exactUnknownNamespace: 0.7,
  otherNamespace: 0.2,
  argoTrackedBoost: 0.08,
  argoLabelBoost: 0.05,
  fluxBoost: 0.06,
  ownerFactor: 0.9,
  helmTemplateOfChart: 0.65,
  helmTemplateHelmOnly: 0.45,
  helmTemplateNoSignal: 0.35,
  helmTemplateLiteralBoost: 0.1,
  kustomizePatch: 0.7,
  kustomizeOverlay: 0.6,
  argoApp: 0.5,
  argoAppByLabel: 0.4,
  remoteChartHolder: 0.62,
  fluxKustomization: 0.45,
  helmRelease: 0.55,
  valuesFile: 0.4,
  valuesFileForEnvironment: 0.45,
  pathHintMax: 0.2,
} as const;

/** The object, then each owner: what content is matched against. */
interface Target {
  object: LiveObject;
  group: string;
  factor: number;
  /** For an owner: why it stands in for the object. */
  standsFor?: string;
}

/** A place in the repo the signals point at. */
interface Focus {
  dir: string;
  via: 'argocd' | 'flux' | 'helm';
  label: string;
  /** Namespace for manifests that set none (Argo CD destination), or for all of them (Flux targetNamespace). */
  namespace?: string;
  overridesNamespace: boolean;
  /** The app was found through tracking ids: the objects they name. */
  tracked?: { group: string; kind: string; namespace: string; name: string }[];
}

interface Draft {
  path: string;
  documentIndex?: number;
  score: number;
  reasons: string[];
  via: MatchVia;
}

/**
 * Find where a live object is declared in a repository, from what the cluster says (Argo CD, Flux, Helm, kustomize)
 * and from the manifests themselves. Deterministic: the same repo and object give the same list.
 */
export async function matchManifest(
  reader: RepoReader,
  request: MatchRequest,
  options: MatchOptions = {},
): Promise<MatchResult> {
  const settings = { ...DEFAULTS, ...options };
  const objects = [request.object, ...(request.owners ?? [])];
  const signals = readSignals(objects);
  const targets: Target[] = objects.map((object, i) => ({
    object,
    group: apiGroup(object.apiVersion) ?? '',
    factor: i === 0 ? 1 : SCORES.ownerFactor,
    standsFor:
      i === 0
        ? undefined
        : `${object.kind}/${object.metadata.name} owns ${request.object.kind}/${request.object.metadata.name}`,
  }));
  const notes: string[] = [];

  const files = await reader.listFiles();
  const yaml = files.filter((file) => isYamlPath(file.path));
  const tooBig = yaml.filter((file) => file.size !== null && file.size > settings.maxFileBytes);
  if (tooBig.length) notes.push(`${tooBig.length} YAML file(s) over ${settings.maxFileBytes} bytes not read`);
  const yamlPaths = yaml.map((file) => file.path).sort();
  const readable = yaml.filter((file) => !tooBig.includes(file)).map((file) => file.path);

  const docs = new Map<string, ManifestDoc[]>();
  const failed = new Set<string>();
  let model = buildRepoModel(docs, yamlPaths);
  const hints = pathHints(targets, signals);
  const structureFiles = readable.filter(isStructurePath);
  const fewStructureFiles = structureFiles.length <= settings.maxFilesRead / 3;

  while (docs.size + failed.size < settings.maxFilesRead) {
    const focus = focusOf(model, signals);
    const favoured = favouredByKustomize(model, targets);
    const missingControl =
      (signals.argo.length > 0 && relevantApps(model, signals).length === 0) ||
      (signals.fluxKustomizations.length > 0 && relevantFluxKustomizations(model, signals).length === 0) ||
      ((signals.fluxHelmReleases.length > 0 || signals.helm.length > 0) &&
        relevantHelmReleases(model, signals).length === 0);
    const unread = readable.filter((path) => !docs.has(path) && !failed.has(path));
    if (unread.length === 0) break;
    const ranked = unread
      .map((path) => ({
        path,
        priority: readPriority(path, { model, signals, focus, favoured, hints, fewStructureFiles, missingControl }),
      }))
      .sort((a, b) => b.priority - a.priority || a.path.localeCompare(b.path));
    const room = settings.maxFilesRead - docs.size - failed.size;
    const batch = ranked.slice(0, Math.min(settings.concurrency, room));
    const texts = await Promise.all(
      batch.map(({ path }) =>
        reader.readFile(path).then(
          (text) => ({ path, text }),
          () => ({ path, text: null }),
        ),
      ),
    );
    for (const { path, text } of texts) {
      if (text === null) failed.add(path);
      else docs.set(path, readDocuments(text));
    }
    model = buildRepoModel(docs, yamlPaths);
  }
  if (failed.size) notes.push(`${failed.size} file(s) could not be read`);
  const unreadCount = readable.length - docs.size - failed.size;
  if (unreadCount > 0)
    notes.push(`${unreadCount} YAML file(s) not read: at most ${settings.maxFilesRead} files are read`);

  const focus = focusOf(model, signals);
  const drafts: Draft[] = [];
  for (const [path, fileDocs] of docs) {
    for (const doc of fileDocs) {
      for (const target of targets) drafts.push(...matchDocument(path, doc, target, model, focus, signals));
    }
  }
  drafts.push(...structureCandidates(model, signals, targets[0], focus));
  drafts.push(...pathCandidates(yamlPaths, docs, hints, drafts));

  const candidates = merge(drafts)
    .filter((candidate) => candidate.score >= 0.05)
    .sort(
      (a, b) => b.score - a.score || a.path.localeCompare(b.path) || (a.documentIndex ?? -1) - (b.documentIndex ?? -1),
    )
    .slice(0, settings.maxCandidates);
  return {
    candidates,
    signals: describeSignals(signals),
    filesConsidered: yaml.length,
    filesRead: docs.size,
    truncated: unreadCount > 0 || tooBig.length > 0 || failed.size > 0,
    notes,
  };
}

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path) || basename(path) === 'Kustomization';
}

function isStructurePath(path: string): boolean {
  return isKustomizationPath(path) || basename(path) === 'Chart.yaml';
}

// ---- where the signals point ----

function relevantApps(model: RepoModel, signals: LiveSignals): { app: ArgoApp; tracked: boolean }[] {
  const found: { app: ArgoApp; tracked: boolean }[] = [];
  for (const app of model.apps) {
    const matching = signals.argo.filter(
      (argo) => argo.app === app.name && (!argo.appNamespace || !app.namespace || argo.appNamespace === app.namespace),
    );
    if (matching.length && !found.some((entry) => entry.app === app)) {
      found.push({ app, tracked: matching.some((argo) => argo.how === 'tracking-id') });
    }
  }
  return found;
}

function relevantFluxKustomizations(model: RepoModel, signals: LiveSignals): FluxKustomization[] {
  return model.fluxKustomizations.filter((ks) =>
    signals.fluxKustomizations.some((ref) => ref.name === ks.name && sameOrUnset(ref.namespace, ks.namespace)),
  );
}

function relevantHelmReleases(model: RepoModel, signals: LiveSignals): FluxHelmRelease[] {
  return model.helmReleases.filter(
    (hr) =>
      signals.fluxHelmReleases.some((ref) => ref.name === hr.name && sameOrUnset(ref.namespace, hr.namespace)) ||
      signals.helm.some((helm) => helm.release !== undefined && helm.release === hr.releaseName),
  );
}

function relevantCharts(model: RepoModel, signals: LiveSignals, focus: Focus[]): { chart: HelmChart; why: string }[] {
  const found: { chart: HelmChart; why: string }[] = [];
  for (const chart of model.charts) {
    const byLabel = signals.helm.find((helm) => helm.chart === chart.name);
    const byFocus = focus.find((place) => place.via !== 'helm' && place.dir === chart.dir);
    if (byLabel) {
      found.push({
        chart,
        why: `chart "${chart.name}" (${chart.file}) is the one the helm.sh/chart label on ${byLabel.on} names${
          byLabel.chartVersion && chart.version && byLabel.chartVersion !== chart.version
            ? ` (live ${byLabel.chartVersion}, repo ${chart.version})`
            : ''
        }`,
      });
    } else if (byFocus) {
      found.push({ chart, why: `chart "${chart.name}" (${chart.file}) is the source of ${byFocus.label}` });
    }
  }
  return found;
}

function focusOf(model: RepoModel, signals: LiveSignals): Focus[] {
  const focus: Focus[] = [];
  for (const { app, tracked } of relevantApps(model, signals)) {
    const trackedObjects = signals.argo
      .filter((argo) => argo.app === app.name)
      .map((argo) => argo.tracked)
      .filter((object) => object !== undefined);
    for (const dir of app.paths) {
      focus.push({
        dir,
        via: 'argocd',
        label: appLabel(app),
        namespace: app.destinationNamespace,
        overridesNamespace: false,
        tracked: tracked ? trackedObjects : undefined,
      });
    }
  }
  for (const ks of relevantFluxKustomizations(model, signals)) {
    focus.push({
      dir: ks.path,
      via: 'flux',
      label: `Flux Kustomization "${ks.name}" (${ks.file})`,
      namespace: ks.targetNamespace,
      overridesNamespace: ks.targetNamespace !== undefined,
    });
  }
  for (const hr of relevantHelmReleases(model, signals)) {
    if (hr.chartPath !== undefined) {
      focus.push({
        dir: hr.chartPath,
        via: 'flux',
        label: `Flux HelmRelease "${hr.name}" (${hr.file})`,
        overridesNamespace: false,
      });
    }
  }
  for (const { chart } of relevantCharts(model, signals, focus)) {
    focus.push({
      dir: chart.dir,
      via: 'helm',
      label: `Helm chart "${chart.name}" (${chart.file})`,
      overridesNamespace: false,
    });
  }
  return focus;
}

function appLabel(app: ArgoApp): string {
  return app.generatedBy
    ? `Argo CD Application "${app.name}" (made by ApplicationSet "${app.generatedBy.appSet}" in ${app.file})`
    : `Argo CD Application "${app.name}" (${app.file})`;
}

/** Is the file part of what a deploy tool applies from `dir`: inside it, or pulled in by a kustomization there? */
function inFolder(path: string, dir: string, model: RepoModel): boolean {
  if (isUnder(path, dir)) return true;
  const routes = [...(model.graph.resources.get(path) ?? []), ...(model.graph.patches.get(path) ?? [])];
  return routes.some((route) => route.chain.length > 0 && isUnder(route.chain[0].dir, dir));
}

/** The folders every Argo CD Application and Flux Kustomization in the repo applies, with their namespaces. */
function allDeployers(model: RepoModel): Focus[] {
  return [
    ...model.apps.flatMap((app) =>
      app.paths.map(
        (dir): Focus => ({
          dir,
          via: 'argocd',
          label: appLabel(app),
          namespace: app.destinationNamespace,
          overridesNamespace: false,
        }),
      ),
    ),
    ...model.fluxKustomizations.map(
      (ks): Focus => ({
        dir: ks.path,
        via: 'flux',
        label: `Flux Kustomization "${ks.name}" (${ks.file})`,
        namespace: ks.targetNamespace,
        overridesNamespace: ks.targetNamespace !== undefined,
      }),
    ),
  ];
}

/** Files a kustomize route could turn into the target (its namespace, or a prefix/suffix the live name carries). */
function favouredByKustomize(model: RepoModel, targets: Target[]): Set<string> {
  const favoured = new Set<string>();
  for (const map of [model.graph.resources, model.graph.patches]) {
    for (const [path, routes] of map) {
      if (routes.some((route) => targets.some((target) => routeFits(route, target.object)))) favoured.add(path);
    }
  }
  return favoured;
}

function routeFits(route: KustomizeRoute, object: LiveObject): boolean {
  const name = object.metadata.name;
  const transforms = route.prefix !== '' || route.suffix !== '';
  const nameFits =
    name.startsWith(route.prefix) &&
    name.endsWith(route.suffix) &&
    name.length > route.prefix.length + route.suffix.length;
  if (transforms) return nameFits && (route.namespace === undefined || route.namespace === object.metadata.namespace);
  return route.namespace !== undefined && route.namespace === object.metadata.namespace;
}

// ---- what to read first ----

interface Hint {
  word: string;
  weight: number;
  /** Names the object (not only its namespace or kind): only such hints can make a path-only candidate. */
  naming: boolean;
}

const ENVIRONMENTS =
  /^(?:(?:prod|production|staging|stage|stg|dev|develop|test|qa|uat|main|preview)-)?(.+?)(?:-(?:prod|production|staging|stage|stg|dev|develop|test|qa|uat|main|preview))?$/;
const KIND_WORDS: Record<string, string[]> = {
  Deployment: ['deployment', 'deploy'],
  Service: ['service', 'svc'],
  ConfigMap: ['configmap', 'cm'],
  StatefulSet: ['statefulset', 'sts'],
  DaemonSet: ['daemonset', 'ds'],
  Ingress: ['ingress', 'ing'],
  CronJob: ['cronjob', 'cron'],
};

function pathHints(targets: Target[], signals: LiveSignals): Hint[] {
  const hints: Hint[] = [];
  const add = (word: string | undefined, weight: number, naming: boolean) => {
    const lower = word?.toLowerCase();
    if (lower && lower.length >= 2 && !hints.some((hint) => hint.word === lower))
      hints.push({ word: lower, weight, naming });
  };
  for (const [i, target] of targets.entries()) {
    const name = target.object.metadata.name;
    add(name, i === 0 ? 60 : 50, true);
    add(ENVIRONMENTS.exec(name)?.[1], 40, true);
  }
  for (const argo of signals.argo) add(argo.app, 30, true);
  for (const helm of signals.helm) {
    add(helm.chart, 30, true);
    add(helm.release, 30, true);
  }
  for (const ref of [...signals.fluxKustomizations, ...signals.fluxHelmReleases]) add(ref.name, 30, true);
  add(targets[0].object.metadata.namespace, 10, false);
  for (const word of KIND_WORDS[targets[0].object.kind] ?? [targets[0].object.kind]) add(word, 5, false);
  return hints;
}

function hintScore(path: string, hints: Hint[], namingOnly = false): { score: number; words: string[] } {
  const lower = path.toLowerCase();
  const pieces = lower.split('/').map((piece) => piece.replace(/\.ya?ml$/, ''));
  let score = 0;
  const words: string[] = [];
  for (const hint of hints) {
    if (namingOnly && !hint.naming) continue;
    if (pieces.includes(hint.word)) {
      score += hint.weight;
      words.push(hint.word);
    } else if (hint.naming && hint.word.length >= 4 && lower.includes(hint.word)) {
      score += hint.weight / 2;
      words.push(hint.word);
    }
  }
  return { score, words };
}

const CONTROL_WORDS =
  /(^|[/._-])(argo|argocd|apps?|applications?|applicationsets?|flux|flux-system|clusters?|releases?|helmreleases?|infrastructure|infra|gitops|bootstrap)([/._-]|$)/i;

function readPriority(
  path: string,
  context: {
    model: RepoModel;
    signals: LiveSignals;
    focus: Focus[];
    favoured: Set<string>;
    hints: Hint[];
    fewStructureFiles: boolean;
    /** The signals name an Argo CD app, a Flux Kustomization or a release whose manifest is not read yet. */
    missingControl: boolean;
  },
): number {
  const { model, signals, focus, favoured, hints, fewStructureFiles, missingControl } = context;
  const hinted = hintScore(path, hints).score;
  let priority = hinted;
  if (isStructurePath(path)) priority += fewStructureFiles || hinted > 0 ? 300 : 20;
  if (focus.some((place) => place.dir !== '' && inFolder(path, place.dir, model))) priority += 200;
  if (favoured.has(path)) priority += 150;
  if (missingControl && CONTROL_WORDS.test(path)) priority += 100;
  // Templates of a chart other than the one the labels name come last.
  const chartNames = signals.helm.map((helm) => helm.chart).filter((chart) => chart !== undefined);
  const chart = model.charts.find((entry) => isUnder(path, `${entry.dir}/templates`));
  if (chart && chartNames.length > 0 && !chartNames.includes(chart.name)) priority -= 50;
  return priority;
}

// ---- matching one document ----

type NamespaceFit = { rank: number; equal: boolean; reason: string };

function matchDocument(
  path: string,
  doc: ManifestDoc,
  target: Target,
  model: RepoModel,
  focus: Focus[],
  signals: LiveSignals,
): Draft[] {
  const object = target.object;
  if (doc.kind !== object.kind || !doc.name) return [];
  const docGroup = apiGroup(doc.apiVersion);
  if (docGroup !== undefined && !groupsAgree(docGroup, target.group)) return [];
  if (hasTemplate(doc.name)) return matchTemplate(path, doc, target, model, focus, signals);

  const places = focus.filter((place) => inFolder(path, place.dir, model));
  // Every Argo CD app and Flux Kustomization of the repo says which namespace its manifests land in.
  const deployers = allDeployers(model).filter((place) => inFolder(path, place.dir, model));
  const routes: (KustomizeRoute | null)[] = [null, ...(model.graph.resources.get(path) ?? [])];
  let best: { route: KustomizeRoute | null; fit: NamespaceFit } | null = null;
  for (const route of routes) {
    const name = route ? route.prefix + doc.name + route.suffix : doc.name;
    if (name !== object.metadata.name) continue;
    const fit = namespaceFit(doc, route, [...places, ...deployers], object);
    if (
      !best ||
      fit.rank > best.fit.rank ||
      (fit.rank === best.fit.rank && (route?.chain.length ?? 0) > (best.route?.chain.length ?? 0))
    ) {
      best = { route, fit };
    }
  }
  if (!best) return [];
  const { route, fit } = best;
  const reasons: string[] = [];
  if (target.standsFor) reasons.push(`matches the owner: ${target.standsFor}`);
  const transformed = route !== null && (route.prefix !== '' || route.suffix !== '');
  reasons.push(
    transformed
      ? `kind ${object.kind} matches; name "${doc.name}" becomes "${object.metadata.name}" through ${describeRoute(route)}`
      : `kind ${object.kind} and name "${doc.name}" match`,
  );
  reasons.push(fit.reason);
  let score: number =
    fit.rank === 3
      ? SCORES.exactExplicitNamespace
      : fit.rank === 2
        ? SCORES.exactInferredNamespace
        : fit.rank === 1
          ? SCORES.exactUnknownNamespace
          : SCORES.otherNamespace;
  let via: MatchVia = transformed || (route?.namespaceFrom !== undefined && fit.rank >= 2) ? 'kustomize' : 'content';
  const argo = places.find((place) => place.via === 'argocd');
  const flux = places.find((place) => place.via === 'flux');
  if (argo) {
    const exactly = argo.tracked?.some(
      (tracked) =>
        tracked.kind === object.kind &&
        tracked.name === object.metadata.name &&
        tracked.namespace === (object.metadata.namespace ?? ''),
    );
    score += exactly ? SCORES.argoTrackedBoost : SCORES.argoLabelBoost;
    reasons.push(
      exactly
        ? `inside the source path "${argo.dir}" of ${argo.label}, whose tracking id names exactly this object`
        : `inside the source path "${argo.dir}" of ${argo.label}, which the ${argo.tracked ? 'tracking id' : 'instance label'} names`,
    );
    if (exactly || via === 'content') via = 'argocd';
  }
  if (flux) {
    score += SCORES.fluxBoost;
    reasons.push(`inside the path "${flux.dir}" of ${flux.label}, which the kustomize.toolkit.fluxcd.io labels name`);
    if (via === 'content') via = 'flux';
  }
  const drafts: Draft[] = [{ path, documentIndex: doc.index, score: Math.min(1, score * target.factor), reasons, via }];
  if (route && fit.rank >= 2) drafts.push(...overlayCandidates(path, doc, route, target, model));
  return drafts;
}

/** How the document's namespace compares with the live one: 3 explicit and equal, 2 set by the deploy tool, 1 unknown, 0 differs. */
function namespaceFit(
  doc: ManifestDoc,
  route: KustomizeRoute | null,
  places: Focus[],
  object: LiveObject,
): NamespaceFit {
  const live = object.metadata.namespace;
  const override = places.find((place) => place.overridesNamespace && place.namespace);
  const compare = (namespace: string, from: string, explicit: boolean): NamespaceFit =>
    namespace === live
      ? { rank: explicit ? 3 : 2, equal: true, reason: `namespace "${namespace}" ${from}` }
      : {
          rank: 0,
          equal: false,
          reason: `namespace "${namespace}" ${from}, but the live object is in "${live ?? '(none)'}"`,
        };
  if (live === undefined) {
    return doc.namespace === undefined && route?.namespace === undefined
      ? { rank: 3, equal: true, reason: 'cluster-scoped: no namespace on either side' }
      : { rank: 1, equal: false, reason: 'the live object has no namespace; the manifest sets one' };
  }
  if (override?.namespace) return compare(override.namespace, `set by ${override.label} (targetNamespace)`, false);
  if (route?.namespace && route.namespaceFrom)
    return compare(route.namespace, `set by ${route.namespaceFrom.path}`, false);
  if (doc.namespace) return compare(doc.namespace, 'in the manifest', true);
  const destination = places.find((place) => place.namespace);
  if (destination?.namespace)
    return compare(destination.namespace, `from the destination of ${destination.label}`, false);
  return { rank: 1, equal: false, reason: `the manifest sets no namespace and nothing found sets "${live}"` };
}

/** `extensions` was the old home of Deployments, Ingresses…: a manifest written against it still names the object. */
function groupsAgree(docGroup: string, liveGroup: string): boolean {
  return docGroup === liveGroup || docGroup === 'extensions' || liveGroup === 'extensions';
}

/** A Helm template whose name is templated: matched by kind, chart and the literal parts of the name. */
function matchTemplate(
  path: string,
  doc: ManifestDoc,
  target: Target,
  model: RepoModel,
  focus: Focus[],
  signals: LiveSignals,
): Draft[] {
  const fit = templatedNameFits(doc.name ?? '', target.object.metadata.name);
  if (!fit.fits) return [];
  const chart = model.charts.find((entry) => isUnder(path, `${entry.dir}/templates`));
  const relevant = chart ? relevantCharts(model, signals, focus).find((entry) => entry.chart === chart) : undefined;
  const reasons: string[] = [];
  if (target.standsFor) reasons.push(`matches the owner: ${target.standsFor}`);
  let score: number;
  if (relevant) {
    score = SCORES.helmTemplateOfChart;
    reasons.push(`Helm template of ${relevant.why}`);
  } else if (signals.helm.length > 0) {
    score = SCORES.helmTemplateHelmOnly;
    reasons.push(`Helm template${chart ? ` of chart "${chart.name}"` : ''}; the live object is managed by Helm`);
  } else if (fit.literal >= 3) {
    score = SCORES.helmTemplateNoSignal;
    reasons.push(
      `templated manifest${chart ? ` of chart "${chart.name}"` : ''}; the live object carries no Helm labels`,
    );
  } else {
    return [];
  }
  reasons.push(
    `kind ${target.object.kind} matches; templated name \`${doc.name}\` fits "${target.object.metadata.name}"`,
  );
  if (fit.literal >= 3) score += SCORES.helmTemplateLiteralBoost;
  if (doc.namespace && !hasTemplate(doc.namespace) && doc.namespace !== target.object.metadata.namespace) {
    score /= 2;
    reasons.push(
      `but its namespace "${doc.namespace}" differs from the live "${target.object.metadata.namespace ?? '(none)'}"`,
    );
  }
  return [{ path, documentIndex: doc.index, score: Math.min(1, score * target.factor), reasons, via: 'helm' }];
}

/** The overlays of a kustomize route that rename or re-namespace the object, and their patches of it. */
function overlayCandidates(
  path: string,
  doc: ManifestDoc,
  route: KustomizeRoute,
  target: Target,
  model: RepoModel,
): Draft[] {
  const drafts: Draft[] = [];
  const live = `${target.object.metadata.namespace ? `${target.object.metadata.namespace}/` : ''}${target.object.metadata.name}`;
  for (const config of route.chain) {
    const does = describeRoute({ chain: [config], prefix: '', suffix: '' });
    if (does) {
      drafts.push({
        path: config.path,
        score: SCORES.kustomizeOverlay * target.factor,
        reasons: [`kustomize overlay that makes ${path}'s "${doc.name}" into ${live}: ${does}`],
        via: 'kustomize',
      });
    }
    for (const patch of config.patches) {
      for (const patchDoc of model.docs.get(patch) ?? []) {
        if (
          patchDoc.kind !== target.object.kind ||
          (patchDoc.name !== doc.name && patchDoc.name !== target.object.metadata.name)
        ) {
          continue;
        }
        drafts.push({
          path: patch,
          documentIndex: patchDoc.index,
          score: SCORES.kustomizePatch * target.factor,
          reasons: [
            `kustomize patch of ${target.object.kind} "${patchDoc.name}" listed in ${config.path}, on the route that produces ${live}`,
          ],
          via: 'kustomize',
        });
      }
    }
  }
  return drafts;
}

// ---- the deploy tools' own files ----

function structureCandidates(model: RepoModel, signals: LiveSignals, target: Target, focus: Focus[]): Draft[] {
  const drafts: Draft[] = [];
  for (const { app, tracked } of relevantApps(model, signals)) {
    const signal = signals.argo.find((argo) => argo.app === app.name && (argo.how === 'tracking-id') === tracked);
    const reasons = [
      tracked
        ? `Argo CD Application "${app.name}": the tracking id on ${signal?.on} names it`
        : `Argo CD Application "${app.name}": the instance label on ${signal?.on} names it`,
    ];
    if (app.generatedBy) {
      reasons.push(`generated by ApplicationSet "${app.generatedBy.appSet}" from folder "${app.generatedBy.dir}"`);
    }
    if (app.paths.length) reasons.push(`its source path: ${app.paths.map((dir) => `"${dir || '.'}"`).join(', ')}`);
    const parent = model.apps.find((other) => other !== app && other.paths.some((dir) => isUnder(app.file, dir)));
    if (parent) reasons.push(`declared inside the source of Argo CD Application "${parent.name}" (app of apps)`);
    let score: number = tracked ? SCORES.argoApp : SCORES.argoAppByLabel;
    if (app.remoteCharts.length && !app.paths.length) {
      score = SCORES.remoteChartHolder;
      reasons.push(`deploys Helm chart ${app.remoteCharts.join(', ')} from a chart repository: its values live here`);
    }
    drafts.push({ path: app.file, documentIndex: app.documentIndex, score, reasons, via: 'argocd' });
    for (const file of app.valueFiles) {
      if (!model.docs.has(file)) continue;
      drafts.push({
        path: file,
        score: SCORES.valuesFileForEnvironment,
        reasons: [`Helm values file that Argo CD Application "${app.name}" passes to its chart`],
        via: 'argocd',
      });
    }
  }
  for (const ks of relevantFluxKustomizations(model, signals)) {
    drafts.push({
      path: ks.file,
      documentIndex: ks.documentIndex,
      score: SCORES.fluxKustomization,
      reasons: [
        `Flux Kustomization "${ks.name}" that the kustomize.toolkit.fluxcd.io labels name; it applies "${ks.path || '.'}"`,
      ],
      via: 'flux',
    });
  }
  for (const hr of relevantHelmReleases(model, signals)) {
    const local = hr.chartPath !== undefined && model.charts.some((chart) => chart.dir === hr.chartPath);
    drafts.push({
      path: hr.file,
      documentIndex: hr.documentIndex,
      score: local ? SCORES.helmRelease : SCORES.remoteChartHolder,
      reasons: [
        `Flux HelmRelease "${hr.name}" (release "${hr.releaseName}") that installed the object`,
        local
          ? `its chart is in this repo: ${hr.chartPath}`
          : `its chart "${hr.chart ?? '?'}" comes from a ${hr.sourceKind ?? 'chart source'}: the values here are what to change`,
      ],
      via: 'flux',
    });
  }
  const environment = target.object.metadata.namespace;
  for (const { chart, why } of relevantCharts(model, signals, focus)) {
    for (const path of model.docs.keys()) {
      if (dirname(path) !== chart.dir || !/^values.*\.ya?ml$/.test(basename(path))) continue;
      const forEnvironment =
        environment !== undefined && basename(path).toLowerCase().includes(environment.toLowerCase());
      drafts.push({
        path,
        score: forEnvironment ? SCORES.valuesFileForEnvironment : SCORES.valuesFile,
        reasons: [`values file of ${why}${forEnvironment ? `; named for "${environment}"` : ''}`],
        via: 'helm',
      });
    }
  }
  return drafts;
}

/** Files never read (or not YAML that parses) whose path names the object: a weak hint, never more. */
function pathCandidates(yamlPaths: string[], docs: Map<string, ManifestDoc[]>, hints: Hint[], found: Draft[]): Draft[] {
  const drafts: Draft[] = [];
  for (const path of yamlPaths) {
    const read = docs.get(path);
    if (isStructurePath(path) || (read && read.some((doc) => doc.kind !== undefined))) continue;
    if (found.some((draft) => draft.path === path)) continue;
    const { score, words } = hintScore(path, hints, true);
    if (score < 30) continue;
    drafts.push({
      path,
      score: Math.min(SCORES.pathHintMax, 0.05 + score / 600),
      reasons: [
        `path contains ${words.map((word) => `"${word}"`).join(', ')} (${read ? 'content holds no manifest' : 'not read'}): a weak hint only`,
      ],
      via: 'path',
    });
  }
  return drafts;
}

/** One candidate per file and document: the best score, every reason. */
function merge(drafts: Draft[]): MatchCandidate[] {
  const byKey = new Map<string, MatchCandidate>();
  for (const draft of drafts) {
    const key = `${draft.path}#${draft.documentIndex ?? ''}`;
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, { ...draft, reasons: [...draft.reasons] });
      continue;
    }
    if (draft.score > existing.score) {
      existing.score = draft.score;
      existing.via = draft.via;
      existing.reasons = [...draft.reasons, ...existing.reasons.filter((reason) => !draft.reasons.includes(reason))];
    } else {
      for (const reason of draft.reasons) if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
    }
  }
  for (const candidate of byKey.values()) {
    candidate.score = Math.round(candidate.score * 100) / 100;
    if (candidate.documentIndex === undefined) delete candidate.documentIndex;
  }
  return [...byKey.values()];
}

function sameOrUnset(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}
