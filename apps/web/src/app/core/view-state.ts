import { Injectable, computed, inject, signal } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';

/**
 * What the user has selected across pages — context, namespace and search — kept in the URL's query
 * string (`?context=…&namespace=…&q=…`) so that a link reproduces the view. `namespace` null means all
 * namespaces; `context` null means the kubeconfig's current context.
 */
@Injectable({ providedIn: 'root' })
export class ViewState {
  private readonly router = inject(Router);
  private readonly params = signal<Record<string, string>>({});

  readonly context = computed(() => this.params()['context'] ?? null);
  readonly namespace = computed(() => this.params()['namespace'] ?? null);
  readonly q = computed(() => this.params()['q'] ?? '');
  /** The query parameters every API call carries. */
  readonly scope = computed(() => {
    const scope: { context?: string; namespace?: string } = {};
    const context = this.context();
    const namespace = this.namespace();
    if (context) scope.context = context;
    if (namespace) scope.namespace = namespace;
    return scope;
  });

  constructor() {
    this.read();
    this.router.events.pipe(filter((e) => e instanceof NavigationEnd)).subscribe(() => this.read());
  }

  /** A query parameter of the current URL (for page-level state such as sort or status filters). */
  param(name: string): string | null {
    return this.params()[name] ?? null;
  }

  set(changes: Record<string, string | null>): void {
    void this.router.navigate([], { queryParams: changes, queryParamsHandling: 'merge', replaceUrl: true });
  }

  /**
   * Opens the user's default context and namespace when the URL names neither; true when it did. The
   * scope changes at once, before the URL follows, so nothing more is asked in the scope it replaces
   * (the tab's live stream opens in the default one).
   */
  applyDefaults(defaults: { context: string | null; namespace: string | null }): boolean {
    if (this.context() || this.namespace()) return false;
    const changes: Record<string, string> = {};
    if (defaults.context) changes['context'] = defaults.context;
    if (defaults.namespace) changes['namespace'] = defaults.namespace;
    if (Object.keys(changes).length === 0) return false;
    this.params.update((p) => ({ ...p, ...changes }));
    this.set(changes);
    return true;
  }

  setContext(context: string | null): void {
    // Another cluster: its namespaces differ, so the namespace choice starts over.
    this.set({ context, namespace: null });
  }

  setNamespace(namespace: string | null): void {
    this.set({ namespace });
  }

  setQuery(q: string): void {
    this.set({ q: q || null });
  }

  /** The query params to keep when following a link to another page (context and namespace). */
  readonly linkParams = computed(() => {
    const p: Record<string, string> = {};
    const context = this.context();
    const namespace = this.namespace();
    if (context) p['context'] = context;
    if (namespace) p['namespace'] = namespace;
    return p;
  });

  private read(): void {
    const tree = this.router.parseUrl(this.router.url);
    const next: Record<string, string> = {};
    for (const [key, value] of Object.entries(tree.queryParams)) {
      if (typeof value === 'string') next[key] = value;
    }
    this.params.set(next);
  }
}
