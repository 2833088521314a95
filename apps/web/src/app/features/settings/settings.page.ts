import { Component, DestroyRef, computed, effect, inject, signal } from '@angular/core';
import { listContexts, listNamespaces } from '../../api/generated/sdk.gen';
import type { ContextDto, CriticalIssueType, SettingsUpdateDto } from '../../api/generated/types.gen';
import { call, describeError } from '../../core/api';
import { kindDef, SIDEBAR } from '../../core/kinds';
import { DEFAULT_PINS, type SaveState, SettingsStore } from '../../core/settings-store';
import type { ThemeChoice } from '../../core/theme';
import { SaveStatus } from './save-status';

/** The problem types of the dashboard's critical-alerts panel, as the page names them. */
export const CRITICAL_ISSUES: readonly { key: CriticalIssueType; label: string }[] = [
  { key: 'failedPods', label: 'Failed pods' },
  { key: 'pendingPods', label: 'Pending pods (more than 20 % of pods)' },
  { key: 'notReadyNodes', label: 'Nodes not ready' },
  { key: 'degradedDeployments', label: 'Degraded deployments' },
  { key: 'unboundVolumes', label: 'Unbound persistent volumes (more than 5)' },
];

/** The page a pin opens, by its path. */
export function pinTitle(path: string): string {
  if (path === '/') return 'Dashboard';
  return kindDef(path.slice(1) as Parameters<typeof kindDef>[0])?.title ?? path;
}

/** How long a text input waits for more typing before it saves. */
export const TEXT_DEBOUNCE_MS = 600;

@Component({
  selector: 'orx-settings-page',
  imports: [SaveStatus],
  templateUrl: './settings.page.html',
  styleUrl: './settings.page.scss',
})
export class SettingsPage {
  protected readonly store = inject(SettingsStore);
  protected readonly contexts = signal<ContextDto[]>([]);
  protected readonly namespaces = signal<string[]>([]);
  protected readonly listError = signal<string | null>(null);
  protected readonly confirmingReset = signal(false);
  protected readonly newAliasContext = signal('');
  protected readonly newAlias = signal('');
  protected readonly issues = CRITICAL_ISSUES;
  protected readonly themes: ThemeChoice[] = ['system', 'light', 'dark'];
  protected readonly s = this.store.settings;
  protected readonly pins = computed(() => this.s()?.sidebarPins ?? DEFAULT_PINS);
  protected readonly pinChoices = computed(() =>
    ['/', ...SIDEBAR.flatMap((g) => g.kinds.map((k) => `/${k}`))].filter((p) => !this.pins().includes(p)),
  );
  protected readonly aliases = computed(() => Object.entries(this.s()?.contextAliases ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  protected readonly unaliased = computed(() => this.contexts().filter((c) => !(c.name in (this.s()?.contextAliases ?? {}))));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor() {
    void this.store.load();
    void call(listContexts())
      .then((page) => this.contexts.set(page.items))
      .catch((e: unknown) => this.listError.set(describeError(e).message));
    effect(() => {
      const context = this.s()?.defaultContext ?? null;
      void call(listNamespaces({ query: context ? { context } : {} }))
        .then((page) => this.namespaces.set(page.items.map((n) => n.name)))
        .catch(() => this.namespaces.set([]));
    });
    inject(DestroyRef).onDestroy(() => {
      for (const t of this.timers.values()) clearTimeout(t);
    });
  }

  protected state(key: string): SaveState | undefined {
    return this.store.status()[key];
  }

  protected save(changes: SettingsUpdateDto): void {
    void this.store.update(changes);
  }

  /** Saves after the user stopped typing for a moment; a later call for the same key replaces it. */
  protected saveLater(id: string, changes: SettingsUpdateDto): void {
    clearTimeout(this.timers.get(id));
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        this.save(changes);
      }, TEXT_DEBOUNCE_MS),
    );
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }

  protected onTheme(event: Event): void {
    this.save({ theme: this.value(event) as ThemeChoice });
  }

  protected onDefaultContext(event: Event): void {
    // Another cluster has other namespaces: the default namespace starts over.
    this.save({ defaultContext: this.value(event) || null, defaultNamespace: null });
  }

  protected onAliasInput(context: string, event: Event): void {
    const alias = this.value(event).trim();
    if (alias) this.saveLater(`alias:${context}`, { contextAliases: { [context]: alias } });
  }

  protected addAlias(): void {
    const context = this.newAliasContext();
    const alias = this.newAlias().trim();
    if (!context || !alias) return;
    this.save({ contextAliases: { [context]: alias } });
    this.newAliasContext.set('');
    this.newAlias.set('');
  }

  protected removeAlias(context: string): void {
    clearTimeout(this.timers.get(`alias:${context}`));
    this.save({ contextAliases: { [context]: null } });
  }

  protected onIssue(key: CriticalIssueType, event: Event): void {
    this.save({ criticalIssues: { [key]: this.checked(event) } });
  }

  protected addPin(event: Event): void {
    const path = this.value(event);
    if (path) this.save({ sidebarPins: [...this.pins(), path] });
    (event.target as HTMLSelectElement).value = '';
  }

  protected removePin(path: string): void {
    this.save({ sidebarPins: this.pins().filter((p) => p !== path) });
  }

  protected movePin(index: number, by: -1 | 1): void {
    const pins = [...this.pins()];
    const to = index + by;
    if (to < 0 || to >= pins.length) return;
    [pins[index], pins[to]] = [pins[to] as string, pins[index] as string];
    this.save({ sidebarPins: pins });
  }

  protected async resetAll(): Promise<void> {
    if (await this.store.reset()) this.confirmingReset.set(false);
  }

  protected readonly pinTitle = pinTitle;
}
