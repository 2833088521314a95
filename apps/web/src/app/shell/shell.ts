import { Component, computed, effect, inject, signal } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { listContexts, listNamespaces } from '../api/generated/sdk.gen';
import type { ContextDto } from '../api/generated/types.gen';
import { call } from '../core/api';
import { SIDEBAR, kindDef } from '../core/kinds';
import { LiveStream } from '../core/live-stream';
import { Theme } from '../core/theme';
import { ViewState } from '../core/view-state';

@Component({
  selector: 'orx-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  protected readonly view = inject(ViewState);
  protected readonly stream = inject(LiveStream);
  protected readonly theme = inject(Theme);
  protected readonly contexts = signal<ContextDto[]>([]);
  protected readonly namespaces = signal<string[]>([]);
  protected readonly namespacesError = signal<string | null>(null);
  protected readonly demo = signal(false);
  protected readonly navOpen = signal(false);
  protected readonly groups = SIDEBAR.map((g) => ({
    group: g.group,
    items: g.kinds.map((k) => ({ path: `/${k}`, title: kindDef(k)?.title ?? k })),
  }));
  protected readonly currentContext = computed(() => this.view.context() ?? this.contexts().find((c) => c.current)?.name ?? '');
  protected readonly linkLabel = computed(() => {
    switch (this.stream.linkState()) {
      case 'live':
        return 'Live';
      case 'unreachable':
        return 'Cluster unreachable';
      case 'connecting':
        return 'Connecting…';
      case 'reconnecting':
        return 'Reconnecting…';
      case 'offline':
        return 'Offline';
      default:
        return 'Idle';
    }
  });

  constructor() {
    void call(listContexts())
      .then((page) => this.contexts.set(page.items))
      .catch(() => this.contexts.set([]));
    void fetch('/healthz')
      .then((r) => this.demo.set(r.headers.get('x-orphelix-mode') === 'demo'))
      .catch(() => undefined);
    effect(() => {
      const context = this.view.context();
      this.namespacesError.set(null);
      void call(listNamespaces({ query: context ? { context } : {} }))
        .then((page) => this.namespaces.set(page.items.map((n) => n.name)))
        .catch((e: unknown) => {
          this.namespaces.set([]);
          this.namespacesError.set(e instanceof Error ? e.message : String(e));
        });
    });
    effect(() => {
      if (this.stream.mode() === 'demo') this.demo.set(true);
    });
  }

  protected onContext(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    const current = this.contexts().find((c) => c.current)?.name;
    this.view.setContext(value === current ? null : value);
  }

  protected onNamespace(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.view.setNamespace(value === '' ? null : value);
  }

  protected onSearch(event: Event): void {
    this.view.setQuery((event.target as HTMLInputElement).value);
  }
}
