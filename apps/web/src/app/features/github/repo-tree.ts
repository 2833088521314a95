import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { getGitHubTree } from '../../api/generated/sdk.gen';
import type { GitHubTreeEntryDto } from '../../api/generated/types.gen';
import { call, describeError } from '../../core/api';
import { ancestors, baseName, sortEntries } from './github-logic';

type Folder = { state: 'loading' } | { state: 'loaded'; entries: GitHubTreeEntryDto[]; truncated: boolean } | { state: 'error'; message: string };

/** One visible entry, where it sits in the tree. */
export interface TreeRow {
  entry: GitHubTreeEntryDto;
  level: number;
  posinset: number;
  setsize: number;
  /** The folder holding it; `''` for the root. */
  parent: string;
}

/** The visible rows: each folder's entries under it when expanded and read. */
export function visibleRows(folders: ReadonlyMap<string, Folder>, expanded: ReadonlySet<string>, folder = '', level = 1): TreeRow[] {
  const state = folders.get(folder);
  if (state?.state !== 'loaded') return [];
  const rows: TreeRow[] = [];
  state.entries.forEach((entry, i) => {
    rows.push({ entry, level, posinset: i + 1, setsize: state.entries.length, parent: folder });
    if (entry.type === 'dir' && expanded.has(entry.path)) rows.push(...visibleRows(folders, expanded, entry.path, level + 1));
  });
  return rows;
}

/**
 * A repository's files at one ref, read one folder at a time as folders open (an ARIA tree:
 * Enter/Space opens, arrows move, Right/Left expand and collapse, Home/End). Activating a file emits
 * its path; `selected` is the open file, whose folders are opened when it is set.
 */
@Component({
  selector: 'orx-repo-tree',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './repo-tree.html',
  styleUrl: './repo-tree.scss',
})
export class RepoTree {
  readonly owner = input.required<string>();
  readonly repo = input.required<string>();
  readonly ref = input.required<string>();
  readonly selected = input<string | null>(null);
  readonly openFile = output<string>();

  protected readonly folders = signal<ReadonlyMap<string, Folder>>(new Map());
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());
  protected readonly rows = computed(() => visibleRows(this.folders(), this.expanded()));
  protected readonly root = computed(() => this.folders().get('') ?? { state: 'loading' as const });
  /** The entry that takes the focus when Tab enters the tree (roving tabindex). */
  private readonly active = signal<string | null>(null);
  protected readonly focusPath = computed(() => {
    const rows = this.rows();
    const active = this.active();
    if (active !== null && rows.some((r) => r.entry.path === active)) return active;
    const selected = this.selected();
    return rows.find((r) => r.entry.path === selected)?.entry.path ?? rows[0]?.entry.path ?? null;
  });
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  /** Answers for an earlier repository or ref are dropped. */
  private generation = 0;

  constructor() {
    effect(() => {
      const where = { owner: this.owner(), repo: this.repo(), ref: this.ref() };
      untracked(() => this.reset(where));
    });
    effect(() => {
      const path = this.selected();
      if (path) untracked(() => void this.reveal(path));
    });
  }

  protected name(path: string): string {
    return baseName(path);
  }

  protected folderState(path: string): Folder['state'] | undefined {
    return this.folders().get(path)?.state;
  }

  /** What a folder's entry says besides its name: reading, empty, or why it could not be read. */
  protected note(path: string): { text: string; error: boolean } | null {
    const folder = this.folders().get(path);
    const open = this.expanded().has(path);
    if (folder?.state === 'error') return { text: `could not be read: ${folder.message} (activate to try again)`, error: true };
    if (!open) return null;
    if (folder?.state === 'loading') return { text: 'reading…', error: false };
    if (folder?.state === 'loaded' && folder.entries.length === 0) return { text: 'empty', error: false };
    return null;
  }

  protected activate(row: TreeRow): void {
    this.active.set(row.entry.path);
    if (row.entry.type === 'file') {
      this.openFile.emit(row.entry.path);
      return;
    }
    if (this.expanded().has(row.entry.path) && this.folders().get(row.entry.path)?.state !== 'error') this.collapse(row.entry.path);
    else void this.expand(row.entry.path);
  }

  protected onKey(event: KeyboardEvent, row: TreeRow): void {
    const rows = this.rows();
    const at = rows.findIndex((r) => r.entry.path === row.entry.path);
    const isDir = row.entry.type === 'dir';
    const open = isDir && this.expanded().has(row.entry.path);
    switch (event.key) {
      case 'Enter':
      case ' ':
        this.activate(row);
        break;
      case 'ArrowDown':
        this.focus(rows[at + 1]);
        break;
      case 'ArrowUp':
        this.focus(rows[at - 1]);
        break;
      case 'Home':
        this.focus(rows[0]);
        break;
      case 'End':
        this.focus(rows[rows.length - 1]);
        break;
      case 'ArrowRight':
        if (isDir && !open) void this.expand(row.entry.path);
        else if (open && rows[at + 1]?.parent === row.entry.path) this.focus(rows[at + 1]);
        break;
      case 'ArrowLeft':
        if (open) this.collapse(row.entry.path);
        else this.focus(rows.find((r) => r.entry.path === row.parent));
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  protected retryRoot(): void {
    void this.load('');
  }

  private focus(row: TreeRow | undefined): void {
    if (!row) return;
    this.active.set(row.entry.path);
    afterNextRender(
      () => {
        const items = this.host.nativeElement.querySelectorAll<HTMLElement>('[data-testid="tree-entry"]');
        [...items].find((el) => el.dataset['path'] === row.entry.path)?.focus();
      },
      { injector: this.injector },
    );
  }

  private reset(where: { owner: string; repo: string; ref: string }): void {
    this.generation++;
    this.folders.set(new Map());
    this.expanded.set(new Set());
    this.active.set(null);
    if (where.owner && where.repo && where.ref) void this.load('').then(() => this.revealSelected());
  }

  private revealSelected(): void {
    const path = untracked(this.selected);
    if (path) void this.reveal(path);
  }

  /** Opens the folders holding `path`, outermost first. */
  private async reveal(path: string): Promise<void> {
    const generation = this.generation;
    if (this.folders().get('')?.state !== 'loaded') return;
    for (const folder of ancestors(path)) {
      if (generation !== this.generation) return;
      await this.expand(folder);
    }
  }

  private async expand(path: string): Promise<void> {
    this.expanded.update((s) => new Set(s).add(path));
    const state = this.folders().get(path)?.state;
    if (state !== 'loaded' && state !== 'loading') await this.load(path);
  }

  private collapse(path: string): void {
    this.expanded.update((s) => {
      const next = new Set(s);
      next.delete(path);
      return next;
    });
  }

  private async load(path: string): Promise<void> {
    const generation = this.generation;
    const query = { owner: this.owner(), repo: this.repo(), ref: this.ref(), ...(path ? { path } : {}) };
    this.setFolder(path, { state: 'loading' });
    try {
      const tree = await call(getGitHubTree({ query }));
      if (generation !== this.generation) return;
      this.setFolder(path, { state: 'loaded', entries: sortEntries(tree.entries), truncated: tree.truncated });
    } catch (error) {
      if (generation !== this.generation) return;
      this.setFolder(path, { state: 'error', message: describeError(error).message });
    }
  }

  private setFolder(path: string, state: Folder): void {
    this.folders.update((m) => new Map(m).set(path, state));
  }
}
