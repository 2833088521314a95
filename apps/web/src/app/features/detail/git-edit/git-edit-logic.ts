import type {
  ContextDto,
  LiveObjectBody,
  MatchCandidateDto,
  MeResponseDto,
  PullRequestResourceBody,
  RepoRefDto,
  SettingsDto,
  TrackedPullRequestDto,
} from '../../../api/generated/types.gen';
import { ApiError } from '../../../core/api';

/** The object a pull request is for, as the API records it in settings `pullRequests` (namespace null: cluster-scoped). */
export type PrResource = PullRequestResourceBody;

export type PrState = 'open' | 'closed' | 'merged';

/** What the panel can do for this user, before anything is asked of GitHub. */
export type GitGate =
  | { state: 'loading' }
  /** /api/auth/me did not answer: whether GitHub is usable is unknown. */
  | { state: 'unknown' }
  | { state: 'not-configured' }
  | { state: 'login' }
  | { state: 'no-repo' }
  | { state: 'ready'; repo: RepoRefDto; branch: string | null };

/**
 * Whether the user can edit in Git: GitHub configured on the server, a GitHub login (API tokens and the
 * local user have no GitHub token), and a repository chosen in the settings.
 */
export function gitGate(me: MeResponseDto | null, meFailed: boolean, settings: SettingsDto | null): GitGate {
  if (me === null) return meFailed ? { state: 'unknown' } : { state: 'loading' };
  if (!me.github.configured) return { state: 'not-configured' };
  if (!me.authenticated || me.user?.kind !== 'github') return { state: 'login' };
  if (settings === null) return { state: 'loading' };
  const repo = settings.github.repo;
  return repo ? { state: 'ready', repo, branch: settings.github.branch } : { state: 'no-repo' };
}

/**
 * The context name as the console knows it — the one chosen in the URL, else the kubeconfig's current
 * one — or null while the contexts are not known. The API records exactly what the console sends, so
 * the badges compare with the same value.
 */
export function currentContext(chosen: string | null, contexts: readonly ContextDto[] | null): string | null {
  if (chosen) return chosen;
  return contexts?.find((c) => c.current)?.name ?? null;
}

/**
 * Candidates best first, one per file: the matcher may list several YAML documents of one file, and
 * opening it is the same act, so the best keeps every reason. Best first is by score, then path — or,
 * when the model re-ranked them (`byModel`), the API's order as it is.
 */
export function rankCandidates(candidates: readonly MatchCandidateDto[], byModel = false): MatchCandidateDto[] {
  const sorted = byModel ? [...candidates] : [...candidates].sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
  const byPath = new Map<string, MatchCandidateDto>();
  for (const c of sorted) {
    const seen = byPath.get(c.path);
    if (!seen) byPath.set(c.path, { ...c, reasons: [...c.reasons] });
    else for (const r of c.reasons) if (!seen.reasons.includes(r)) seen.reasons.push(r);
  }
  return [...byPath.values()];
}

/** The score as a person reads it: `92 %`. */
export function scoreText(score: number): string {
  return `${Math.round(Math.max(0, Math.min(1, score)) * 100)} %`;
}

/** The editor gives lines joined by `\n` whatever the file used: compare and diff in that form. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Whether the editor's text differs from the file as it was read (line endings aside). */
export function isDirty(original: string | null, text: string): boolean {
  return original !== null && normalizeNewlines(original) !== normalizeNewlines(text);
}

/** The edited text with the file's own line endings, so a CRLF file does not change on every line. */
export function withFileNewlines(text: string, original: string): string {
  const normalized = normalizeNewlines(text);
  return original.includes('\r\n') ? normalized.replace(/\n/g, '\r\n') : normalized;
}

/** `Update Deployment shop/web`, as the API titles a pull request for a resource. */
export function defaultPrTitle(resource: Pick<PrResource, 'kind' | 'namespace' | 'name'>): string {
  return `Update ${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}`;
}

function sameResource(a: PrResource, b: PrResource): boolean {
  return a.context === b.context && a.kind === b.kind && (a.namespace ?? null) === (b.namespace ?? null) && a.name === b.name;
}

export function prKey(pr: Pick<TrackedPullRequestDto, 'owner' | 'repo' | 'number'>): string {
  return `${pr.owner}/${pr.repo}#${pr.number}`;
}

/** The pull requests opened for this object, oldest first, each once (the settings and those opened since they were read). */
export function prsFor(tracked: readonly TrackedPullRequestDto[], resource: PrResource | null): TrackedPullRequestDto[] {
  if (!resource) return [];
  const seen = new Set<string>();
  const out: TrackedPullRequestDto[] = [];
  for (const pr of tracked) {
    const key = prKey(pr);
    if (seen.has(key) || !sameResource(pr.resource, resource)) continue;
    seen.add(key);
    out.push(pr);
  }
  return out.sort((a, b) => a.openedAt.localeCompare(b.openedAt));
}

/** A pull request's state from GitHub's answer: merged wins over closed (a merged pull request is closed too). */
export function prState(answer: { state?: unknown; merged?: unknown; mergedAt?: unknown } | null): PrState | null {
  if (!answer) return null;
  if (answer.state === 'merged' || answer.merged === true || (typeof answer.mergedAt === 'string' && answer.mergedAt)) return 'merged';
  return answer.state === 'open' || answer.state === 'closed' ? answer.state : null;
}

/** Bounds of LiveObjectMetadataBody: more is a 400, and the matcher needs none of it. */
const MAX_ENTRIES = 200;
const MAX_KEY = 317;
const MAX_LABEL = 63;
const MAX_ANNOTATION = 16_384;

function stringMap(value: unknown, maxValue: number): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  let n = 0;
  for (const [key, text] of Object.entries(value)) {
    // Long values (kubectl's last-applied copy of a big object) say nothing about where the manifest lives.
    if (typeof text !== 'string' || text.length > maxValue || key.length < 1 || key.length > MAX_KEY) continue;
    if (n++ >= MAX_ENTRIES) break;
    out[key] = text;
  }
  return out;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The fields match-file reads, from the object as the API prints it (parsed YAML); null when it is not an object. */
export function liveObject(parsed: unknown): LiveObjectBody | null {
  const obj = record(parsed);
  const meta = record(obj?.['metadata']);
  const apiVersion = obj?.['apiVersion'];
  const kind = obj?.['kind'];
  const name = meta?.['name'];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string' || !meta) return null;
  const namespace = meta['namespace'];
  const labels = stringMap(meta['labels'], MAX_LABEL);
  const annotations = stringMap(meta['annotations'], MAX_ANNOTATION);
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      ...(typeof namespace === 'string' && namespace ? { namespace } : {}),
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
    },
  };
}

export interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
}

/** The object's controller (or, without one, its first owner) from `metadata.ownerReferences`. */
export function controllerOf(parsed: unknown): OwnerRef | null {
  const refs = record(record(parsed)?.['metadata'])?.['ownerReferences'];
  if (!Array.isArray(refs)) return null;
  const valid = refs
    .map(record)
    .filter((r): r is Record<string, unknown> => !!r && typeof r['apiVersion'] === 'string' && typeof r['kind'] === 'string' && typeof r['name'] === 'string');
  const chosen = valid.find((r) => r['controller'] === true) ?? valid[0];
  return chosen ? { apiVersion: chosen['apiVersion'] as string, kind: chosen['kind'] as string, name: chosen['name'] as string } : null;
}

/** What the panel says about a failed GitHub call. */
export interface GitFailure {
  message: string;
  /** The file changed on the branch since it was read (409): offer to read it again. */
  stale: boolean;
  /** The GitHub session is gone (401): offer to log in again. */
  login: boolean;
}

/** The envelope's message, with each invalid field's own message when the API names them (a YAML that does not parse). */
export function gitFailure(error: unknown): GitFailure {
  if (!(error instanceof ApiError)) return { message: error instanceof Error ? error.message : String(error), stale: false, login: false };
  const fields = Array.isArray(error.details['fields']) ? (error.details['fields'] as unknown[]) : [];
  const messages = fields.map((f) => record(f)?.['message']).filter((m): m is string => typeof m === 'string' && m.length > 0);
  const message = messages.length > 0 ? messages.join('; ') : error.message;
  return { message, stale: error.status === 409, login: error.status === 401 };
}
