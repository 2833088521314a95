import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { createGitHubPullRequest } from '../../../api/generated/sdk.gen';
import type { CreatePullRequestBody, CreatedPullRequestDto } from '../../../api/generated/types.gen';
import { call } from '../../../core/api';
import { SettingsStore } from '../../../core/settings-store';
import { ViewState } from '../../../core/view-state';
import { CodeEditor, DiffView } from '../../../shared/code-editor';
import { putInBasket } from '../../github/github-logic';
import { type GitFailure, type PrResource, defaultPrTitle, gitFailure, isDirty, normalizeNewlines, withFileNewlines } from './git-edit-logic';
import { TrackedPrs } from './tracked-prs';

/** A file of the chosen repository as it was read: what an edit is compared with and based on. */
export interface OpenedFile {
  owner: string;
  repo: string;
  path: string;
  /** The ref it was read from: the pull request's base and the basket entry's branch. */
  ref: string;
  content: string;
  sha: string;
}

/**
 * The opened file in an editor; once the text differs from what was read, the diff, a pull request
 * title, "Open pull request" (remembered on the object, so its badge shows) and "Add to edit basket".
 */
@Component({
  selector: 'orx-git-file-edit',
  imports: [CodeEditor, DiffView, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './git-file-edit.html',
  styleUrl: './git-file-edit.scss',
})
export class GitFileEdit {
  readonly file = input.required<OpenedFile>();
  /** The object the change is for; null while the context's name is unknown (the pull request is then not remembered). */
  readonly resource = input<PrResource | null>(null);
  readonly kind = input.required<string>();
  readonly name = input.required<string>();
  readonly namespace = input<string | null>(null);
  /** The file changed since it was read: read it again. */
  readonly reload = output<void>();

  protected readonly view = inject(ViewState);
  private readonly settings = inject(SettingsStore);
  private readonly tracked = inject(TrackedPrs);

  /** The editor's text; back to the file's whenever another file (or a fresh read) arrives. */
  protected readonly text = linkedSignal(() => this.file().content);
  protected readonly original = computed(() => normalizeNewlines(this.file().content));
  protected readonly dirty = computed(() => isDirty(this.file().content, this.text()));
  protected readonly title = linkedSignal(() => defaultPrTitle({ kind: this.kind(), namespace: this.namespace(), name: this.name() }));
  protected readonly busy = signal<'pr' | 'basket' | null>(null);
  protected readonly created = signal<CreatedPullRequestDto | null>(null);
  protected readonly failure = signal<GitFailure | null>(null);
  protected readonly basketNote = signal<string | null>(null);

  protected onTitle(event: Event): void {
    this.title.set((event.target as HTMLInputElement).value);
  }

  protected openPr(): void {
    if (this.busy() || !this.dirty()) return;
    const file = this.file();
    const resource = this.resource();
    const body: CreatePullRequestBody = {
      owner: file.owner,
      repo: file.repo,
      path: file.path,
      content: withFileNewlines(this.text(), file.content),
      sha: file.sha,
      base: file.ref,
      ...(this.title().trim() ? { title: this.title().trim() } : {}),
      ...(resource ? { resource } : {}),
    };
    this.start('pr');
    call(createGitHubPullRequest({ body }))
      .then((created) => {
        this.created.set(created);
        if (resource && created.tracked) {
          this.tracked.add({ resource, owner: file.owner, repo: file.repo, number: created.number, url: created.url, openedAt: new Date().toISOString() });
        }
      })
      .catch((e: unknown) => this.failure.set(gitFailure(e)))
      .finally(() => this.busy.set(null));
  }

  protected async addToBasket(): Promise<void> {
    if (this.busy() || !this.dirty()) return;
    const file = this.file();
    this.start('basket');
    try {
      await this.settings.load();
      const settings = this.settings.settings();
      if (!settings) {
        this.failure.set({ message: this.settings.loadError() ?? 'The settings could not be read', stale: false, login: false });
        return;
      }
      const basket = putInBasket(settings.editBasket, {
        owner: file.owner,
        repo: file.repo,
        branch: file.ref,
        path: file.path,
        content: withFileNewlines(this.text(), file.content),
        originalContent: file.content,
        sha: file.sha,
      });
      if (await this.settings.update({ editBasket: basket })) {
        this.basketNote.set(`${file.path} is in the edit basket (${basket.length} ${basket.length === 1 ? 'file' : 'files'}).`);
      } else {
        const status = this.settings.status()['editBasket'];
        this.failure.set({ message: status?.state === 'error' ? status.message : 'The edit basket could not be saved', stale: false, login: false });
      }
    } finally {
      this.busy.set(null);
    }
  }

  private start(what: 'pr' | 'basket'): void {
    this.busy.set(what);
    this.failure.set(null);
    this.created.set(null);
    this.basketNote.set(null);
  }
}
