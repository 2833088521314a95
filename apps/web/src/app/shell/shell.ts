import { isPlatformServer } from '@angular/common';
import { Component, ElementRef, PLATFORM_ID, afterNextRender, computed, effect, inject, signal, viewChild } from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';
import { listContexts, listNamespaces } from '../api/generated/sdk.gen';
import type { ContextDto } from '../api/generated/types.gen';
import { call } from '../core/api';
import { Identity, identityView, loginHref, takeLoginError } from '../core/identity';
import { followAppLink, isActivePath, queryString } from '../core/links';
import { LiveStream } from '../core/live-stream';
import { DEFAULT_PINS, SettingsStore } from '../core/settings-store';
import { Theme } from '../core/theme';
import { ViewState } from '../core/view-state';
import { DASHBOARD_ENTRY, FOOT_ENTRIES, NAV_GROUPS, pinnedEntries } from './sidebar';

@Component({
  selector: 'orx-shell',
  imports: [RouterOutlet, RouterLink],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  host: { '(document:click)': 'onDocumentClick($event)' },
})
export class Shell {
  protected readonly view = inject(ViewState);
  protected readonly stream = inject(LiveStream);
  protected readonly theme = inject(Theme);
  protected readonly identity = inject(Identity);
  protected readonly settings = inject(SettingsStore);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly userButton = viewChild<ElementRef<HTMLButtonElement>>('userButton');
  protected readonly who = computed(() => identityView(this.identity.me(), this.identity.failed()));
  protected readonly githubLogin = computed(() => {
    const who = this.who();
    return (who.state === 'anonymous' || who.state === 'login-required') && who.githubLogin;
  });
  /** The page's path and query, where a login comes back to. */
  private readonly url = signal(this.router.url);
  /** `?context=…&namespace=…` of the sidebar's links. */
  private readonly navQuery = computed(() => queryString(this.view.linkParams()));
  protected readonly loginLink = computed(() => loginHref(takeLoginError(this.url())?.url ?? this.url()));
  protected readonly loginError = signal<string | null>(null);
  protected readonly menuOpen = signal(false);
  protected readonly logoutError = signal<string | null>(null);
  protected readonly contexts = signal<ContextDto[]>([]);
  protected readonly namespaces = signal<string[]>([]);
  protected readonly namespacesError = signal<string | null>(null);
  protected readonly demo = signal(false);
  protected readonly navOpen = signal(false);
  protected readonly dashboard = DASHBOARD_ENTRY;
  protected readonly groups = NAV_GROUPS;
  protected readonly foot = FOOT_ENTRIES;
  /** The user's pins, the console's own until their settings say otherwise. */
  protected readonly pins = computed(() => pinnedEntries(this.settings.settings()?.sidebarPins ?? DEFAULT_PINS));
  /** Moves to re-create the page shown (the Refresh of a page that cannot refresh in place). */
  private readonly pageKey = signal(0);
  /** The router outlet's one view, tracked by the key, so that a new key re-creates it. */
  protected readonly outlet = computed(() => [{ key: this.pageKey() }]);
  /** What the last Refresh did, for screen readers. */
  protected readonly refreshNote = signal('');
  protected readonly currentContext = computed(() => this.view.context() ?? this.contexts().find((c) => c.current)?.name ?? '');
  protected readonly linkLabel = computed(() => {
    switch (this.stream.linkState()) {
      case 'off':
        return 'Live updates off';
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
    this.router.events.pipe(filter((e) => e instanceof NavigationEnd)).subscribe(() => this.url.set(this.router.url));
    // Rendered on the server (a list's first page, see core/first-page.ts), the shell is drawn as the
    // browser first draws it, before it knows who is signed in, the contexts and the namespaces: the
    // browser then takes the page over (hydration) and asks for them.
    if (isPlatformServer(inject(PLATFORM_ID))) return;
    void this.identity.load().then(() => {
      const who = this.who();
      if (who.state !== 'login-required') void this.settings.load().then(() => this.applyDefaults());
    });
    afterNextRender(() => {
      const taken = takeLoginError(this.router.url);
      if (taken) {
        this.loginError.set(taken.error);
        this.view.set({ loginError: null });
      }
    });
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

  protected navHref(path: string): string {
    return `${path}${this.navQuery()}`;
  }

  protected isActive(path: string): boolean {
    return isActivePath(path, this.url());
  }

  protected onNavClick(event: MouseEvent): void {
    followAppLink(event, this.router);
  }

  /** Opens the user's default context and namespace when the URL names neither. */
  private applyDefaults(): void {
    const s = this.settings.settings();
    if (s) this.view.applyDefaults({ context: s.defaultContext, namespace: s.defaultNamespace });
  }

  /** Reads the page again (live updates off): lists and the dashboard in place, other pages anew. */
  protected refresh(): void {
    if (this.stream.refreshInPlace()) this.stream.refresh();
    else this.pageKey.update((n) => n + 1);
    const d = new Date();
    this.refreshNote.set(`Refreshed at ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`);
  }

  protected cycleTheme(): void {
    this.theme.cycle();
    // Saved for the user's other browsers too, once the settings are known (a login may be needed).
    if (this.settings.settings()) void this.settings.update({ theme: this.theme.choice() });
  }

  protected toggleMenu(): void {
    this.menuOpen.set(!this.menuOpen());
    if (this.menuOpen()) {
      this.logoutError.set(null);
      // The first item takes focus once the menu is rendered.
      setTimeout(() => this.host.nativeElement.querySelector<HTMLElement>('[role="menuitem"]')?.focus());
    }
  }

  protected closeMenu(focusButton: boolean): void {
    if (!this.menuOpen()) return;
    this.menuOpen.set(false);
    if (focusButton) this.userButton()?.nativeElement.focus();
  }

  protected onMenuKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.closeMenu(true);
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const items = [...this.host.nativeElement.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = event.key === 'ArrowDown' ? (at + 1) % items.length : (at - 1 + items.length) % items.length;
    items[next]?.focus();
  }

  protected onDocumentClick(event: MouseEvent): void {
    const area = this.host.nativeElement.querySelector('.identity');
    if (area && !area.contains(event.target as Node)) this.closeMenu(false);
  }

  protected async logOut(): Promise<void> {
    const error = await this.identity.logout();
    if (error) {
      this.logoutError.set(error);
      return;
    }
    this.closeMenu(false);
    // Someone else now (the local user, or nobody): their settings, when they may have any.
    if (this.who().state !== 'login-required') void this.settings.reload();
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
