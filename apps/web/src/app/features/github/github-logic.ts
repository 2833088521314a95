import type { EditBasketItemDto, GitHubBranchDto, GitHubRepoDto, GitHubTreeEntryDto, RepoRefDto } from '../../api/generated/types.gen';
import { ApiError } from '../../core/api';

/** `owner/name` → its parts; null for anything else (a hand-edited URL). */
export function parseRepo(text: string | null | undefined): RepoRefDto | null {
  const match = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(text?.trim() ?? '');
  return match?.[1] && match[2] ? { owner: match[1], name: match[2] } : null;
}

export function repoKey(repo: RepoRefDto): string {
  return `${repo.owner}/${repo.name}`;
}

export function sameRepo(a: RepoRefDto | null | undefined, b: RepoRefDto | null | undefined): boolean {
  return !!a && !!b && a.owner.toLowerCase() === b.owner.toLowerCase() && a.name.toLowerCase() === b.name.toLowerCase();
}

/** By `owner/name`, ignoring case, as people look for them. */
export function sortRepos(repos: readonly GitHubRepoDto[]): GitHubRepoDto[] {
  return [...repos].sort((a, b) => a.fullName.localeCompare(b.fullName, undefined, { sensitivity: 'base' }));
}

/** The repositories whose `owner/name` contains every word of `filter`; the chosen one always stays. */
export function filterRepos(repos: readonly GitHubRepoDto[], filter: string, keep: RepoRefDto | null): GitHubRepoDto[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...repos];
  return repos.filter((r) => sameRepo(r, keep) || words.every((w) => r.fullName.toLowerCase().includes(w)));
}

/** The default branch first, then the others by name. */
export function sortBranches(branches: readonly GitHubBranchDto[], defaultBranch: string): GitHubBranchDto[] {
  return [...branches].sort((a, b) => {
    if (a.name === defaultBranch) return -1;
    if (b.name === defaultBranch) return 1;
    return a.name.localeCompare(b.name);
  });
}

/** A folder's entries: folders first, then files, each by name. */
export function sortEntries(entries: readonly GitHubTreeEntryDto[]): GitHubTreeEntryDto[] {
  return [...entries].sort((a, b) => (a.type === b.type ? a.path.localeCompare(b.path) : a.type === 'dir' ? -1 : 1));
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The folders holding `path`, outermost first: `a/b/c.yaml` → `a`, `a/b`. */
export function ancestors(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

export function isYaml(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Where the page stands: what the URL asks for wins over what the settings remember. */
export interface Selection {
  repo: RepoRefDto | null;
  /** null: the repository's default branch. */
  branch: string | null;
  path: string | null;
}

/**
 * The URL's repository and branch win; the settings fill in what it leaves out (their branch only
 * for their own repository). A path comes from the URL alone.
 */
export function resolveSelection(
  url: { repo?: string | null; branch?: string | null; path?: string | null },
  settings: { repo: RepoRefDto | null; branch: string | null } | null,
): Selection {
  const fromUrl = parseRepo(url.repo);
  if (fromUrl) {
    const branch = url.branch || (sameRepo(settings?.repo, fromUrl) ? (settings?.branch ?? null) : null);
    return { repo: fromUrl, branch, path: url.path || null };
  }
  const repo = settings?.repo ?? null;
  return { repo, branch: repo ? (settings?.branch ?? null) : null, path: null };
}

/** Same repository and path: one edit of a file in the basket (the brief: a repo+path has one entry). */
function sameFile(a: EditBasketItemDto, b: Pick<EditBasketItemDto, 'owner' | 'repo' | 'path'>): boolean {
  return sameRepo({ owner: a.owner, name: a.repo }, { owner: b.owner, name: b.repo }) && a.path === b.path;
}

/** The basket with `item` in it, replacing the entry of the same repository and path in place. */
export function putInBasket(basket: readonly EditBasketItemDto[], item: EditBasketItemDto): EditBasketItemDto[] {
  const at = basket.findIndex((b) => sameFile(b, item));
  if (at < 0) return [...basket, item];
  return basket.map((b, i) => (i === at ? item : b));
}

export function findInBasket(basket: readonly EditBasketItemDto[], file: Pick<EditBasketItemDto, 'owner' | 'repo' | 'path'>): EditBasketItemDto | null {
  return basket.find((b) => sameFile(b, file)) ?? null;
}

/**
 * The basket without the files sent in a pull request. A file edited again while the request was on
 * its way (other content) stays: that edit is not in the pull request.
 */
export function withoutSent(basket: readonly EditBasketItemDto[], sent: readonly EditBasketItemDto[]): EditBasketItemDto[] {
  return basket.filter((b) => !sent.some((f) => sameFile(b, f) && b.content === f.content));
}

export function withoutFile(basket: readonly EditBasketItemDto[], file: Pick<EditBasketItemDto, 'owner' | 'repo' | 'path'>): EditBasketItemDto[] {
  return basket.filter((b) => !sameFile(b, file));
}

/** Basket files that go into one pull request: same repository, same base branch. */
export interface BasketGroup {
  key: string;
  owner: string;
  repo: string;
  branch: string;
  items: EditBasketItemDto[];
}

export function groupBasket(basket: readonly EditBasketItemDto[]): BasketGroup[] {
  const groups = new Map<string, BasketGroup>();
  for (const item of basket) {
    const key = `${item.owner}/${item.repo}@${item.branch}`;
    const group = groups.get(key) ?? { key, owner: item.owner, repo: item.repo, branch: item.branch, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** What a failed pull request says to the user; `stalePath` when a file changed since it was read (409). */
export interface PrFailure {
  message: string;
  code: string;
  stalePath: string | null;
  /** The GitHub session ended: logging in again helps. */
  login: boolean;
}

export function prFailure(error: unknown): PrFailure {
  if (!(error instanceof ApiError)) return { message: error instanceof Error ? error.message : String(error), code: 'ERROR', stalePath: null, login: false };
  const path = error.details['path'];
  const stalePath = error.status === 409 && typeof path === 'string' ? path : null;
  return { message: error.message, code: error.code, stalePath, login: error.status === 401 };
}

/** Every page of a GitHub list, in order (the API answers `nextPage: null` on the last). */
export async function allPages<T>(fetchPage: (page: number) => Promise<{ items: T[]; nextPage: number | null }>, maxPages = 50): Promise<T[]> {
  const items: T[] = [];
  let page: number | null = 1;
  for (let n = 0; page !== null && n < maxPages; n++) {
    const answer: { items: T[]; nextPage: number | null } = await fetchPage(page);
    items.push(...answer.items);
    page = answer.nextPage;
  }
  return items;
}
