import type { LiveObject } from './types';

/** Where the cluster says an object comes from, read from its labels and annotations (and its owners'). */
export interface LiveSignals {
  argo: ArgoSignal[];
  fluxKustomizations: NamedRef[];
  fluxHelmReleases: NamedRef[];
  helm: HelmSignal[];
}

export interface ArgoSignal {
  /** The Application's name (without an `<app-namespace>_` qualifier). */
  app: string;
  appNamespace?: string;
  how: 'tracking-id' | 'label';
  /** For a tracking id: the object it names. */
  tracked?: { group: string; kind: string; namespace: string; name: string };
  /** The object that carries the signal, as `Kind/name`. */
  on: string;
}

export interface NamedRef {
  name: string;
  namespace?: string;
  on: string;
}

export interface HelmSignal {
  release?: string;
  releaseNamespace?: string;
  chart?: string;
  chartVersion?: string;
  on: string;
}

export const ARGO_TRACKING_ID = 'argocd.argoproj.io/tracking-id';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
const ARGO_INSTANCE_LABEL = 'argocd.argoproj.io/instance';

/** Signals of the object and of each owner, in that order. */
export function readSignals(objects: LiveObject[]): LiveSignals {
  const signals: LiveSignals = { argo: [], fluxKustomizations: [], fluxHelmReleases: [], helm: [] };
  for (const object of objects) {
    const on = `${object.kind}/${object.metadata.name}`;
    const labels = object.metadata.labels ?? {};
    const annotations = object.metadata.annotations ?? {};

    const tracking = parseTrackingId(annotations[ARGO_TRACKING_ID]);
    if (tracking) signals.argo.push({ ...tracking, how: 'tracking-id', on });
    const helmManaged = labels['app.kubernetes.io/managed-by'] === 'Helm' || 'meta.helm.sh/release-name' in annotations;
    for (const key of [ARGO_INSTANCE_LABEL, INSTANCE_LABEL]) {
      const value = labels[key];
      if (!value) continue;
      const { app, appNamespace } = splitAppName(value);
      if (!signals.argo.some((signal) => signal.app === app)) {
        signals.argo.push({ app, appNamespace, how: 'label', on });
      }
    }

    const ksName = labels['kustomize.toolkit.fluxcd.io/name'];
    if (ksName)
      signals.fluxKustomizations.push({ name: ksName, namespace: labels['kustomize.toolkit.fluxcd.io/namespace'], on });
    const hrName = labels['helm.toolkit.fluxcd.io/name'];
    if (hrName)
      signals.fluxHelmReleases.push({ name: hrName, namespace: labels['helm.toolkit.fluxcd.io/namespace'], on });

    const release = annotations['meta.helm.sh/release-name'];
    const chartLabel = labels['helm.sh/chart'];
    if (helmManaged || chartLabel) {
      const chart = chartLabel ? splitChartLabel(chartLabel) : undefined;
      signals.helm.push({
        // Helm charts set app.kubernetes.io/instance to the release name.
        release: release || labels[INSTANCE_LABEL] || undefined,
        releaseNamespace: annotations['meta.helm.sh/release-namespace'],
        chart: chart?.name,
        chartVersion: chart?.version,
        on,
      });
    }
  }
  return signals;
}

/** `<app>:<group>/<kind>:<namespace>/<name>`; the app may be `<app-namespace>_<app>`. */
export function parseTrackingId(value: string | undefined): Omit<ArgoSignal, 'how' | 'on'> | null {
  if (!value) return null;
  const found = /^([^:]+):([^/:]*)\/([^:]+):([^/]*)\/(.+)$/.exec(value.trim());
  if (!found) return null;
  const { app, appNamespace } = splitAppName(found[1]);
  return { app, appNamespace, tracked: { group: found[2], kind: found[3], namespace: found[4], name: found[5] } };
}

function splitAppName(value: string): { app: string; appNamespace?: string } {
  const underscore = value.indexOf('_');
  return underscore < 0
    ? { app: value }
    : { app: value.slice(underscore + 1), appNamespace: value.slice(0, underscore) };
}

/** `helm.sh/chart: my-chart-1.2.3` → `my-chart` and `1.2.3` (the version is the trailing SemVer). */
export function splitChartLabel(value: string): { name: string; version?: string } {
  const found = /^(.+)-(v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)$/.exec(value);
  return found ? { name: found[1], version: found[2] } : { name: value };
}

/** The signals in words, for the result. */
export function describeSignals(signals: LiveSignals): string[] {
  const words: string[] = [];
  for (const argo of signals.argo) {
    words.push(
      argo.how === 'tracking-id'
        ? `${argo.on}: Argo CD tracking id names Application "${argo.app}"`
        : `${argo.on}: label names instance "${argo.app}" (an Argo CD Application or a Helm release)`,
    );
  }
  for (const ks of signals.fluxKustomizations) {
    words.push(`${ks.on}: applied by Flux Kustomization ${ks.namespace ? `${ks.namespace}/` : ''}${ks.name}`);
  }
  for (const hr of signals.fluxHelmReleases) {
    words.push(`${hr.on}: installed by Flux HelmRelease ${hr.namespace ? `${hr.namespace}/` : ''}${hr.name}`);
  }
  for (const helm of signals.helm) {
    const parts = [
      helm.release ? `release "${helm.release}"` : undefined,
      helm.chart ? `chart "${helm.chart}"${helm.chartVersion ? ` ${helm.chartVersion}` : ''}` : undefined,
    ].filter((part): part is string => part !== undefined);
    words.push(`${helm.on}: managed by Helm${parts.length ? ` (${parts.join(', ')})` : ''}`);
  }
  return words;
}
