import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { getGitHubFile, matchGitHubFile } from '../../../api/generated/sdk.gen';
import type { MatchCandidateDto, MatchFileResultDto } from '../../../api/generated/types.gen';
import { call } from '../../../core/api';
import { Identity, loginHref } from '../../../core/identity';
import { type KindName, kindDef } from '../../../core/kinds';
import { SettingsStore } from '../../../core/settings-store';
import { ViewState } from '../../../core/view-state';
import { type GitFailure, type PrResource, currentContext, gitFailure, gitGate, rankCandidates, scoreText } from './git-edit-logic';
import { GitFileEdit, type OpenedFile } from './git-file-edit';
import { KubeContexts } from './kube-contexts';
import { matchSubject } from './match-subject';

type Search =
  | { state: 'idle' }
  | { state: 'searching' }
  | { state: 'done'; result: MatchFileResultDto; candidates: MatchCandidateDto[] }
  | { state: 'error'; failure: GitFailure };

/**
 * "Edit YAML in Git" for one object: finds its manifest in the repository chosen on /github (match-file,
 * candidates best first with their reasons, or a path typed in), opens the chosen file in the editor and
 * hands it to {@link GitFileEdit}. Says what is missing first: GitHub on the server, a GitHub login, a repository.
 */
@Component({
  selector: 'orx-git-edit-panel',
  imports: [RouterLink, GitFileEdit],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './git-edit-panel.html',
  styleUrl: './git-edit-panel.scss',
  host: { 'data-testid': 'git-edit', role: 'region', 'aria-labelledby': 'git-edit-title' },
})
export class GitEditPanel {
  readonly kind = input.required<KindName>();
  readonly name = input.required<string>();
  readonly namespace = input<string | null>(null);
  readonly closed = output<void>();

  private readonly identity = inject(Identity);
  private readonly settings = inject(SettingsStore);
  private readonly contexts = inject(KubeContexts);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly view = inject(ViewState);

  protected readonly gate = computed(() => gitGate(this.identity.me(), this.identity.failed(), this.settings.settings()));
  protected readonly settingsError = this.settings.loadError;
  protected readonly singular = computed(() => kindDef(this.kind())?.singular ?? this.kind());
  protected readonly resource = computed<PrResource | null>(() => {
    const context = currentContext(this.view.context(), this.contexts.contexts());
    return context ? { context, kind: this.singular(), namespace: this.namespace(), name: this.name() } : null;
  });
  protected readonly repoName = computed(() => {
    const g = this.gate();
    return g.state === 'ready' ? `${g.repo.owner}/${g.repo.name}` : '';
  });

  protected readonly search = signal<Search>({ state: 'idle' });
  protected readonly file = signal<OpenedFile | null>(null);
  /** The path being read. */
  protected readonly opening = signal<string | null>(null);
  protected readonly fileError = signal<GitFailure | null>(null);
  protected readonly manualPath = signal('');

  /** What a search depends on; a new value searches again (and closes the file of another object). */
  private readonly target = computed(() => {
    const g = this.gate();
    if (g.state !== 'ready') return null;
    return JSON.stringify([g.repo.owner, g.repo.name, g.branch, this.kind(), this.name(), this.namespace(), this.view.context()]);
  });
  private generation = 0;
  private fileGeneration = 0;

  protected readonly score = scoreText;

  constructor() {
    void this.identity.load();
    void this.settings.load();
    if (!this.view.context()) void this.contexts.load();
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#git-edit-title')?.focus());
    effect(() => {
      const target = this.target();
      untracked(() => {
        this.file.set(null);
        this.fileError.set(null);
        if (target) void this.find();
        else this.search.set({ state: 'idle' });
      });
    });
  }

  /** Asks match-file where the object's manifest is. */
  protected async find(): Promise<void> {
    const gate = this.gate();
    if (gate.state !== 'ready') return;
    const mine = ++this.generation;
    this.search.set({ state: 'searching' });
    try {
      const subject = await matchSubject(this.kind(), this.name(), this.namespace(), this.view.context());
      const result = await call(
        matchGitHubFile({
          body: {
            owner: gate.repo.owner,
            repo: gate.repo.name,
            ...(gate.branch ? { ref: gate.branch } : {}),
            object: subject.object,
            ...(subject.owners.length > 0 ? { owners: subject.owners } : {}),
          },
        }),
      );
      if (mine === this.generation) {
        this.search.set({ state: 'done', result, candidates: rankCandidates(result.candidates, result.ranking.method === 'model') });
      }
    } catch (e) {
      if (mine === this.generation) this.search.set({ state: 'error', failure: gitFailure(e) });
    }
  }

  /** Reads a file of the repository into the editor; the file already open is read again only when `again`. */
  protected async open(path: string, again = false): Promise<void> {
    const gate = this.gate();
    const wanted = path.trim().replace(/^\/+/, '');
    if (gate.state !== 'ready' || !wanted) return;
    if (!again && this.file()?.path === wanted) {
      // Activating the open file again must not throw its edits away.
      this.focusFile();
      return;
    }
    const mine = ++this.fileGeneration;
    this.opening.set(wanted);
    this.fileError.set(null);
    try {
      const read = await call(
        getGitHubFile({ query: { owner: gate.repo.owner, repo: gate.repo.name, path: wanted, ...(gate.branch ? { ref: gate.branch } : {}) } }),
      );
      if (mine !== this.fileGeneration) return;
      this.file.set({ owner: gate.repo.owner, repo: gate.repo.name, path: read.path, ref: read.ref, content: read.content, sha: read.sha });
      this.focusFile();
    } catch (e) {
      if (mine === this.fileGeneration) this.fileError.set(gitFailure(e));
    } finally {
      if (mine === this.fileGeneration) this.opening.set(null);
    }
  }

  /** Back to this page after the login. */
  protected loginLink(): string {
    return loginHref(this.router.url);
  }

  protected reread(): void {
    const f = this.file();
    if (f) void this.open(f.path, true);
  }

  /** Takes the reader to the opened file (drawn on the next render). */
  private focusFile(): void {
    setTimeout(() => this.host.nativeElement.querySelector<HTMLElement>('#git-file-title')?.focus());
  }

  protected onPath(event: Event): void {
    this.manualPath.set((event.target as HTMLInputElement).value);
  }

  protected submitPath(event: Event): void {
    event.preventDefault();
    void this.open(this.manualPath());
  }
}
