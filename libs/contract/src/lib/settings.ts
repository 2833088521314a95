/**
 * Per-user console settings (`/api/settings`), stored on the server: the one store, shared by every
 * browser the user signs in from.
 */

export const THEMES = ['light', 'dark', 'system'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * The problems the dashboard's critical-alerts panel can raise, each switchable:
 * failed pods, pods pending (more than 20 % of pods), nodes not ready, degraded deployments, and
 * unbound persistent volumes (more than 5).
 */
export const CRITICAL_ISSUE_TYPES = ['failedPods', 'pendingPods', 'notReadyNodes', 'degradedDeployments', 'unboundVolumes'] as const;
export type CriticalIssueType = (typeof CRITICAL_ISSUE_TYPES)[number];

/** Bounds the API enforces on settings. */
export const SETTINGS_LIMITS = {
  /** Characters of a context name (the key of `contextAliases`) and of a `defaultContext`. */
  contextNameLength: 253,
  aliasLength: 64,
  contextAliases: 200,
  namespaceLength: 63,
  sidebarPins: 100,
  sidebarPinLength: 200,
  branchLength: 255,
  editBasketItems: 50,
  /** Characters of one file's `content` or `originalContent`. */
  editBasketFileLength: 200_000,
  /** Characters of all `content` and `originalContent` of the basket together. */
  editBasketTotalLength: 1_000_000,
  filePathLength: 1024,
  pullRequests: 200,
  resourceNameLength: 253,
  kindLength: 63,
} as const;

/** A GitHub repository. */
export interface RepoRefDto {
  owner: string;
  name: string;
}

export interface GithubSettingsDto {
  /** The repository the console opens; null when none was chosen. */
  repo: RepoRefDto | null;
  /** The branch to work on; null means the repository's default branch. */
  branch: string | null;
}

/** A file edited in the console and not yet sent as a pull request. */
export interface EditBasketItemDto {
  owner: string;
  repo: string;
  branch: string;
  /** Path in the repository, without a leading slash. */
  path: string;
  /** The edited text. */
  content: string;
  /** The text as it was read; null for a new file. */
  originalContent: string | null;
  /** The blob SHA the edit is based on (the update's precondition); null for a new file. */
  sha: string | null;
}

/** The cluster object a pull request changes. */
export interface PullRequestResourceDto {
  context: string;
  kind: string;
  /** null for cluster-scoped objects. */
  namespace: string | null;
  name: string;
}

/** A pull request opened from the console, remembered to show it on the resource. */
export interface TrackedPullRequestDto {
  resource: PullRequestResourceDto;
  owner: string;
  repo: string;
  number: number;
  url: string;
  /** ISO 8601. */
  openedAt: string;
}

/** The settings as `GET /api/settings` answers them: every key present, defaults filled in. */
export interface SettingsDto {
  theme: Theme;
  /** The context the console opens; null means the kubeconfig's current context. */
  defaultContext: string | null;
  /** The namespace the console opens; null means all namespaces. */
  defaultNamespace: string | null;
  /** Display names of kubeconfig contexts: context name → alias. */
  contextAliases: Record<string, string>;
  /** Paths of the pinned navigation entries, in order; null until the user changes them (the console's default set). */
  sidebarPins: string[] | null;
  /** Which critical issues the dashboard raises; all on by default. */
  criticalIssues: Record<CriticalIssueType, boolean>;
  /** Whether lists update live from the server's event stream. */
  liveUpdates: boolean;
  github: GithubSettingsDto;
  editBasket: EditBasketItemDto[];
  pullRequests: TrackedPullRequestDto[];
}

/**
 * The body of `POST /api/settings`: only the keys sent change. `criticalIssues` and `github` merge
 * key by key; in `contextAliases` an alias of null removes that context's alias; arrays replace the
 * stored array whole. Unknown keys are refused, at any depth.
 */
export interface SettingsUpdateDto {
  theme?: Theme;
  defaultContext?: string | null;
  defaultNamespace?: string | null;
  contextAliases?: Record<string, string | null>;
  sidebarPins?: string[] | null;
  criticalIssues?: Partial<Record<CriticalIssueType, boolean>>;
  liveUpdates?: boolean;
  github?: Partial<GithubSettingsDto>;
  editBasket?: EditBasketItemDto[];
  pullRequests?: TrackedPullRequestDto[];
}
