import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { listGitHubBranches, listGitHubRepos } from '../../api/generated/sdk.gen';
import type { EditBasketItemDto, GitHubBranchDto, GitHubRepoDto } from '../../api/generated/types.gen';
import { call, describeError } from '../../core/api';
import { Identity, loginHref } from '../../core/identity';
import { SettingsStore } from '../../core/settings-store';
import { EditBasket } from './edit-basket';
import { GitHubFile } from './github-file';
import { allPages, filterRepos, parseRepo, repoKey, resolveSelection, sameRepo, sortBranches, sortRepos } from './github-logic';
import { RepoTree } from './repo-tree';

type Listing<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'loaded'; items: T[] };

/** What the page can show, before any repository: GitHub must be configured and the user logged in with it. */
export type Gate = 'loading' | 'unknown' | 'not-configured' | 'login' | 'ready';

/** The most a list asks for at once (GitHub's maximum page). */
const PER_PAGE = 100;

/**
 * The GitHub workspace: repository and branch (saved in settings `github`, and in the URL as
 * `?repo=owner/name&branch=…&path=…` so a link reproduces the view; the URL wins), the repository's
 * files, the open file in an editor, and the edit basket that becomes pull requests.
 */
@Component({
  selector: 'orx-github-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RepoTree, GitHubFile, EditBasket],
  templateUrl: './github.page.html',
  styleUrl: './github.page.scss',
})
export class GitHubPage {
  /** Query parameters (router input binding). */
  readonly repo = input<string>();
  readonly branch = input<string>();
  readonly path = input<string>();

  private readonly router = inject(Router);
  protected readonly identity = inject(Identity);
  protected readonly store = inject(SettingsStore);

  protected readonly gate = computed<Gate>(() => {
    const me = this.identity.me();
    if (!me) return this.identity.failed() ? 'unknown' : 'loading';
    if (!me.github.configured) return 'not-configured';
    return me.user?.kind === 'github' ? 'ready' : 'login';
  });
  protected readonly login = computed(() => this.identity.me()?.user?.login ?? '');
  /** Back to this view after the login (the router's URL is no signal, so this is read when drawn). */
  protected loginLink(): string {
    return loginHref(this.router.url.startsWith('/github') ? this.router.url : '/github');
  }

  /** Settings read (or failed): only then does an empty URL mean "nothing chosen". */
  protected readonly settingsKnown = computed(() => this.store.settings() !== null || this.store.loadError() !== null);
  protected readonly selection = computed(() =>
    resolveSelection({ repo: this.repo(), branch: this.branch(), path: this.path() }, this.store.settings()?.github ?? null),
  );

  protected readonly repos = signal<Listing<GitHubRepoDto>>({ state: 'loading' });
  protected readonly repoFilter = signal('');
  protected readonly shownRepos = computed(() => {
    const r = this.repos();
    return r.state === 'loaded' ? filterRepos(r.items, this.repoFilter(), this.selection().repo) : [];
  });
  /** The chosen repository as GitHub lists it; null before the list, or when it is not in it. */
  protected readonly current = computed(() => {
    const r = this.repos();
    const chosen = this.selection().repo;
    return r.state === 'loaded' && chosen ? (r.items.find((x) => sameRepo(x, chosen)) ?? null) : null;
  });
  protected readonly branches = signal<Listing<GitHubBranchDto>>({ state: 'loading' });
  /** The branch shown: the chosen one when the repository has it, else the default branch. */
  protected readonly activeBranch = computed(() => {
    const repo = this.current();
    if (!repo) return null;
    const wanted = this.selection().branch;
    const b = this.branches();
    if (!wanted || wanted === repo.defaultBranch) return repo.defaultBranch;
    if (b.state === 'loaded') return b.items.some((x) => x.name === wanted) ? wanted : repo.defaultBranch;
    return b.state === 'loading' ? null : wanted;
  });
  /** A branch asked for (by the URL or the settings) that the repository does not have; the default shows instead. */
  protected readonly missingBranch = signal<string | null>(null);
  private branchesOf: string | null = null;

  constructor() {
    void this.identity.load();
    void this.store.load();
    effect(() => {
      if (this.gate() === 'ready') untracked(() => void this.loadRepos());
    });
    effect(() => {
      const repo = this.current();
      untracked(() => {
        const key = repo ? repoKey(repo) : null;
        if (key !== this.branchesOf) {
          this.branchesOf = key;
          if (repo) void this.loadBranches(repo);
        }
      });
    });
    // The URL always says what is shown, so the address bar is a link to this view.
    effect(() => {
      const repo = this.current();
      const branch = this.activeBranch();
      if (!repo || !branch) return;
      const repoParam = this.repo();
      const branchParam = this.branch();
      if (parseRepo(repoParam) && sameRepo(parseRepo(repoParam), repo) && branchParam === branch) return;
      untracked(() => {
        const wanted = this.selection().branch;
        this.missingBranch.set(wanted && wanted !== branch ? wanted : null);
        this.navigate({ repo: repo.fullName, branch }, true);
      });
    });
  }

  protected retryRepos(): void {
    void this.loadRepos();
  }

  protected retryBranches(): void {
    const repo = this.current();
    if (repo) void this.loadBranches(repo);
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }

  protected chooseRepo(fullName: string): void {
    const repo = this.repos().state === 'loaded' ? this.shownRepos().find((r) => r.fullName === fullName) : undefined;
    if (!repo) return;
    this.missingBranch.set(null);
    this.navigate({ repo: repo.fullName, branch: repo.defaultBranch, path: null });
    void this.store.update({ github: { repo: { owner: repo.owner, name: repo.name }, branch: null } });
  }

  protected chooseBranch(name: string): void {
    const repo = this.current();
    if (!repo) return;
    this.missingBranch.set(null);
    this.navigate({ repo: repo.fullName, branch: name });
    void this.store.update({ github: { repo: { owner: repo.owner, name: repo.name }, branch: name === repo.defaultBranch ? null : name } });
  }

  protected openFile(path: string): void {
    this.navigate({ path });
  }

  /** A basket file, possibly of another repository or branch. */
  protected openBasketFile(item: EditBasketItemDto): void {
    this.navigate({ repo: `${item.owner}/${item.repo}`, branch: item.branch, path: item.path });
  }

  private navigate(params: Record<string, string | null>, replaceUrl = false): void {
    void this.router.navigate([], { queryParams: params, queryParamsHandling: 'merge', replaceUrl });
  }

  private async loadRepos(): Promise<void> {
    this.repos.set({ state: 'loading' });
    try {
      const items = await allPages((page) => call(listGitHubRepos({ query: { page, perPage: PER_PAGE } })));
      this.repos.set({ state: 'loaded', items: sortRepos(items) });
    } catch (error) {
      this.repos.set({ state: 'error', message: describeError(error).message });
    }
  }

  private async loadBranches(repo: GitHubRepoDto): Promise<void> {
    const key = repoKey(repo);
    this.branches.set({ state: 'loading' });
    try {
      const items = await allPages((page) => call(listGitHubBranches({ query: { owner: repo.owner, repo: repo.name, page, perPage: PER_PAGE } })));
      if (this.branchesOf === key) this.branches.set({ state: 'loaded', items: sortBranches(items, repo.defaultBranch) });
    } catch (error) {
      if (this.branchesOf === key) this.branches.set({ state: 'error', message: describeError(error).message });
    }
  }
}
