export type {
  LiveObject,
  MatchCandidate,
  MatchOptions,
  MatchRequest,
  MatchResult,
  MatchVia,
  RepoFile,
  RepoReader,
} from './types';
export { matchManifest, isYamlPath, SCORES } from './match-manifest';
export { readSignals, parseTrackingId, splitChartLabel, describeSignals } from './signals';
export type { LiveSignals, ArgoSignal, HelmSignal, NamedRef } from './signals';
export { readDocuments, templatedNameFits } from './documents';
export type { ManifestDoc } from './documents';
export { MemoryRepo } from './memory-repo';
