import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { getGitHubFile } from '../../api/generated/sdk.gen';
import type { EditBasketItemDto } from '../../api/generated/types.gen';
import { call, describeError } from '../../core/api';
import { SettingsStore } from '../../core/settings-store';
import { CodeEditor } from '../../shared/code-editor';
import { findInBasket, isYaml, putInBasket } from './github-logic';

/** The file as the edit is based on it: as read from GitHub, or as the basket's edit was. */
interface Base {
  original: string;
  sha: string;
  /** The edit came from the basket. */
  fromBasket: boolean;
  /** The blob on GitHub now differs from `sha` (someone changed the file after the edit began). */
  changedSince: boolean;
}

type FileState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'loaded'; base: Base };

/**
 * One file of a repository in the editor: read at `branch`, edited, and put in the edit basket
 * (settings `editBasket`) when it differs from what was read. An edit already in the basket opens
 * instead of the file as it is on GitHub.
 */
@Component({
  selector: 'orx-github-file',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CodeEditor],
  templateUrl: './github-file.html',
  styleUrl: './github-file.scss',
})
export class GitHubFile {
  readonly owner = input.required<string>();
  readonly repo = input.required<string>();
  readonly branch = input.required<string>();
  readonly path = input.required<string>();

  private readonly store = inject(SettingsStore);
  protected readonly file = signal<FileState>({ state: 'loading' });
  protected readonly draft = signal('');
  protected readonly language = computed(() => (isYaml(this.path()) ? 'yaml' : 'text'));
  protected readonly dirty = computed(() => {
    const f = this.file();
    return f.state === 'loaded' && this.draft() !== f.base.original;
  });
  private readonly entry = computed(() =>
    findInBasket(this.store.settings()?.editBasket ?? [], { owner: this.owner(), repo: this.repo(), path: this.path() }),
  );
  /** The basket holds exactly this text for this file. */
  protected readonly inBasket = computed(() => {
    const entry = this.entry();
    return entry !== null && entry.branch === this.branch() && entry.content === this.draft();
  });
  protected readonly saveState = computed(() => this.store.status()['editBasket']);
  /** Set by "Add to edit basket", so its outcome shows here and not on a basket change made elsewhere. */
  protected readonly adding = signal(false);
  private generation = 0;

  constructor() {
    effect(() => {
      const where = { owner: this.owner(), repo: this.repo(), branch: this.branch(), path: this.path() };
      untracked(() => void this.read(where));
    });
  }

  protected retry(): void {
    void this.read({ owner: this.owner(), repo: this.repo(), branch: this.branch(), path: this.path() });
  }

  protected revert(): void {
    const f = this.file();
    if (f.state === 'loaded') this.draft.set(f.base.original);
  }

  protected async addToBasket(): Promise<void> {
    const f = this.file();
    if (f.state !== 'loaded') return;
    const item: EditBasketItemDto = {
      owner: this.owner(),
      repo: this.repo(),
      branch: this.branch(),
      path: this.path(),
      content: this.draft(),
      originalContent: f.base.original,
      sha: f.base.sha,
    };
    this.adding.set(true);
    await this.store.update({ editBasket: putInBasket(this.store.settings()?.editBasket ?? [], item) });
  }

  private async read(where: { owner: string; repo: string; branch: string; path: string }): Promise<void> {
    const generation = ++this.generation;
    this.file.set({ state: 'loading' });
    this.adding.set(false);
    try {
      const file = await call(getGitHubFile({ query: { owner: where.owner, repo: where.repo, path: where.path, ref: where.branch } }));
      if (generation !== this.generation) return;
      const entry = this.entry();
      if (entry && entry.branch === where.branch && entry.originalContent !== null && entry.sha !== null) {
        this.draft.set(entry.content);
        this.file.set({ state: 'loaded', base: { original: entry.originalContent, sha: entry.sha, fromBasket: true, changedSince: entry.sha !== file.sha } });
      } else {
        this.draft.set(file.content);
        this.file.set({ state: 'loaded', base: { original: file.content, sha: file.sha, fromBasket: false, changedSince: false } });
      }
    } catch (error) {
      if (generation !== this.generation) return;
      this.file.set({ state: 'error', message: describeError(error).message });
    }
  }
}
