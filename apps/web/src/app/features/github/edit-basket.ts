import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, output, signal, viewChild } from '@angular/core';
import { createGitHubMultiFilePullRequest, getGitHubFile } from '../../api/generated/sdk.gen';
import type { CreatedPullRequestDto, EditBasketItemDto } from '../../api/generated/types.gen';
import { call, describeError } from '../../core/api';
import { loginHref } from '../../core/identity';
import { SettingsStore } from '../../core/settings-store';
import { DiffView } from '../../shared/code-editor';
import { type BasketGroup, type PrFailure, groupBasket, isYaml, prFailure, putInBasket, withoutFile, withoutSent } from './github-logic';

/** A pull request opened from the basket, and where. */
export interface OpenedPr extends CreatedPullRequestDto {
  owner: string;
  repo: string;
}

function fileKey(item: Pick<EditBasketItemDto, 'owner' | 'repo' | 'path'>): string {
  return `${item.owner}/${item.repo}:${item.path}`;
}

/**
 * The edit basket (settings `editBasket`): files edited here or on a detail page, waiting to become
 * one pull request per repository and base branch. Each file shows its diff on request and can be
 * removed or opened again; a file changed on GitHub since it was read (409) can be reloaded.
 */
@Component({
  selector: 'orx-edit-basket',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DiffView],
  templateUrl: './edit-basket.html',
  styleUrl: './edit-basket.scss',
})
export class EditBasket {
  /** "Open in the editor" on a basket file. */
  readonly open = output<EditBasketItemDto>();

  protected readonly store = inject(SettingsStore);
  protected readonly basket = computed(() => this.store.settings()?.editBasket ?? []);
  protected readonly groups = computed(() => groupBasket(this.basket()));
  protected readonly chosenGroup = signal<string | null>(null);
  /** The files the next pull request holds. */
  protected readonly group = computed<BasketGroup | null>(() => {
    const groups = this.groups();
    return groups.find((g) => g.key === this.chosenGroup()) ?? groups[0] ?? null;
  });
  protected readonly diffs = signal<ReadonlySet<string>>(new Set());
  protected readonly title = signal('');
  protected readonly description = signal('');
  protected readonly sending = signal(false);
  /** "Open pull request" was pressed without a title. */
  protected readonly titleMissing = signal(false);
  private readonly titleInput = viewChild<ElementRef<HTMLInputElement>>('titleInput');
  protected readonly opened = signal<OpenedPr | null>(null);
  protected readonly failure = signal<PrFailure | null>(null);
  /** What a reload did, or why it failed. */
  protected readonly reloadNote = signal<{ text: string; error: boolean } | null>(null);
  protected readonly saveState = computed(() => this.store.status()['editBasket']);
  protected readonly loginLink = loginHref('/github');

  protected value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
  }

  protected key(item: EditBasketItemDto): string {
    return fileKey(item);
  }

  protected language(item: EditBasketItemDto): 'yaml' | 'text' {
    return isYaml(item.path) ? 'yaml' : 'text';
  }

  protected toggleDiff(item: EditBasketItemDto): void {
    const key = fileKey(item);
    this.diffs.update((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }

  protected remove(item: EditBasketItemDto): void {
    void this.store.update({ editBasket: withoutFile(this.basket(), item) });
  }

  protected async openPullRequest(): Promise<void> {
    const group = this.group();
    const title = this.title().trim();
    if (!group || this.sending()) return;
    if (!title) {
      this.titleMissing.set(true);
      this.titleInput()?.nativeElement.focus();
      return;
    }
    this.sending.set(true);
    this.failure.set(null);
    this.opened.set(null);
    this.reloadNote.set(null);
    const sent = group.items;
    const description = this.description().trim();
    try {
      const pr = await call(
        createGitHubMultiFilePullRequest({
          body: {
            owner: group.owner,
            repo: group.repo,
            base: group.branch,
            title,
            ...(description ? { body: description } : {}),
            files: sent.map((f) => ({ path: f.path, content: f.content, sha: f.sha })),
          },
        }),
      );
      this.opened.set({ ...pr, owner: group.owner, repo: group.repo });
      this.title.set('');
      this.description.set('');
      await this.store.update({ editBasket: withoutSent(this.basket(), sent) });
    } catch (error) {
      this.failure.set(prFailure(error));
    } finally {
      this.sending.set(false);
    }
  }

  /**
   * Reads a file that changed on GitHub again: the edit stays, and is now based on the file as it is
   * (its diff then shows what the pull request would change, the other person's change included).
   */
  protected async reload(path: string): Promise<void> {
    const group = this.group();
    const item = group?.items.find((i) => i.path === path);
    if (!item) return;
    this.reloadNote.set({ text: `Reloading ${path}…`, error: false });
    try {
      const file = await call(getGitHubFile({ query: { owner: item.owner, repo: item.repo, path: item.path, ref: item.branch } }));
      this.failure.set(null);
      if (file.content === item.content) {
        await this.store.update({ editBasket: withoutFile(this.basket(), item) });
        this.reloadNote.set({ text: `${path} on GitHub already reads as your edit, so it left the basket.`, error: false });
        return;
      }
      await this.store.update({ editBasket: putInBasket(this.basket(), { ...item, originalContent: file.content, sha: file.sha }) });
      this.diffs.update((s) => new Set(s).add(fileKey(item)));
      this.reloadNote.set({
        text: `Reloaded ${path}: its diff now compares your edit with the file as it is on GitHub. Check it, then open the pull request again.`,
        error: false,
      });
    } catch (error) {
      this.reloadNote.set({ text: `${path} could not be reloaded: ${describeError(error).message}`, error: true });
    }
  }
}
