import { Injectable, inject, signal } from '@angular/core';
import { getSettings, resetSettings, updateSettings } from '../api/generated/sdk.gen';
import type { SettingsDto, SettingsUpdateDto } from '../api/generated/types.gen';
import { ApiError, call, describeError } from './api';
import { Theme, type ThemeChoice } from './theme';

export type SettingKey = keyof SettingsUpdateDto;
export type SaveState = { state: 'saving' } | { state: 'saved' } | { state: 'error'; message: string };

/** The navigation entries pinned when the user never changed them (`sidebarPins: null`). */
export const DEFAULT_PINS: readonly string[] = ['/', '/pods', '/deployments', '/services', '/events'];

/** `settings` after `changes`, merged as the API merges them (see SettingsUpdateDto). */
export function applyUpdate(settings: SettingsDto, changes: SettingsUpdateDto): SettingsDto {
  const next: SettingsDto = { ...settings };
  for (const key of Object.keys(changes) as SettingKey[]) {
    switch (key) {
      case 'contextAliases': {
        const aliases = { ...settings.contextAliases };
        for (const [context, alias] of Object.entries(changes.contextAliases ?? {})) {
          if (alias === null) delete aliases[context];
          else aliases[context] = alias;
        }
        next.contextAliases = aliases;
        break;
      }
      case 'criticalIssues':
        next.criticalIssues = { ...settings.criticalIssues, ...changes.criticalIssues };
        break;
      case 'github':
        next.github = { ...settings.github, ...changes.github };
        break;
      default:
        // The remaining keys replace the stored value whole; `as` ties each key to its own type.
        (next as Record<SettingKey, unknown>)[key] = changes[key];
    }
  }
  return next;
}

/**
 * The fields a 400 VALIDATION_ERROR names, by top-level setting: `body.contextAliases` and
 * `body.criticalIssues.failedPods` both land on their setting. The first message of a setting wins.
 */
export function fieldErrors(error: unknown): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  if (!(error instanceof ApiError)) return out;
  const fields = error.details['fields'];
  if (!Array.isArray(fields)) return out;
  for (const f of fields as unknown[]) {
    if (typeof f !== 'object' || f === null) continue;
    const { field, message } = f as { field?: unknown; message?: unknown };
    if (typeof field !== 'string' || typeof message !== 'string') continue;
    const key = field.replace(/^body\./, '').split(/[.[]/)[0] ?? '';
    if (key && out[key] === undefined) out[key] = message;
  }
  return out;
}

/** What each changed setting shows after a failed save: its own field error, else the request's error. */
export function errorsFor(keys: readonly string[], error: unknown): Record<string, string> {
  const byField = fieldErrors(error);
  const named = Object.keys(byField).length > 0;
  const general = describeError(error).message;
  const out: Record<string, string> = {};
  for (const key of keys) {
    const own = byField[key];
    if (own !== undefined) out[key] = own;
    else if (!named || keys.length === 1) out[key] = general;
  }
  return out;
}

/** How the context selector names a context: `alias (name)`, or the name alone. */
export function contextLabel(name: string, aliases: Record<string, string> | null | undefined): string {
  const alias = aliases?.[name]?.trim();
  return alias && alias !== name ? `${alias} (${name})` : name;
}

export const THEME_KEY = 'orphelix.theme';
/** The server's theme as this browser last saw it: a change made elsewhere differs from it. */
export const SYNCED_THEME_KEY = 'orphelix.theme.synced';

/**
 * Which theme to show once the server's settings arrive, or null to keep this browser's. A browser
 * with no choice of its own takes the server's; a browser with one keeps it unless the server's theme
 * changed since this browser last saw it (the user changed it on another browser).
 */
export function themeOnLoad(local: string | null, lastSynced: string | null, server: ThemeChoice): ThemeChoice | null {
  if (local === null) return server;
  if (lastSynced !== null && lastSynced !== server && local !== server) return server;
  return null;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The user's settings (`/api/settings`), loaded once and shared by the shell and the Settings page.
 * Updates are optimistic: the signal changes at once, and goes back when the API refuses.
 */
@Injectable({ providedIn: 'root' })
export class SettingsStore {
  private readonly theme = inject(Theme);
  readonly settings = signal<SettingsDto | null>(null);
  readonly loadError = signal<string | null>(null);
  /** The outcome of the last save of each setting. */
  readonly status = signal<Partial<Record<string, SaveState>>>({});
  /** What the API last answered. */
  private confirmed: SettingsDto | null = null;
  /** Changes sent and not answered yet, oldest first. */
  private pending: SettingsUpdateDto[] = [];
  private loading: Promise<void> | null = null;

  /** Loads the settings once; later calls share the first. */
  load(): Promise<void> {
    this.loading ??= this.fetch();
    return this.loading;
  }

  /** Reads the settings again (another user: after a logout). */
  reload(): Promise<void> {
    this.loading = this.fetch();
    return this.loading;
  }

  private async fetch(): Promise<void> {
    try {
      const settings = await call(getSettings());
      this.confirmed = settings;
      this.settings.set(this.pending.reduce(applyUpdate, settings));
      this.loadError.set(null);
      const store = storage();
      const choice = themeOnLoad(store?.getItem(THEME_KEY) ?? null, store?.getItem(SYNCED_THEME_KEY) ?? null, settings.theme);
      if (choice) this.theme.choice.set(choice);
      this.remember(settings.theme);
    } catch (error) {
      this.loading = null;
      this.loadError.set(describeError(error).message);
    }
  }

  /** Saves some settings; true when the API accepted them. */
  async update(changes: SettingsUpdateDto): Promise<boolean> {
    const keys = Object.keys(changes);
    if (changes.theme) this.theme.choice.set(changes.theme);
    this.pending.push(changes);
    const current = this.settings();
    if (current) this.settings.set(applyUpdate(current, changes));
    this.mark(keys, { state: 'saving' });
    try {
      const answer = await call(updateSettings({ body: changes }));
      this.done(changes);
      this.confirmed = answer;
      this.settings.set(this.pending.reduce(applyUpdate, answer));
      if (changes.theme) this.remember(answer.theme);
      this.mark(keys, { state: 'saved' });
      return true;
    } catch (error) {
      this.done(changes);
      if (this.confirmed) this.settings.set(this.pending.reduce(applyUpdate, this.confirmed));
      if (changes.theme && this.confirmed) this.theme.choice.set(this.confirmed.theme);
      const messages = errorsFor(keys, error);
      this.status.update((s) => {
        const next = { ...s };
        for (const key of keys) {
          const message = messages[key];
          if (message === undefined) delete next[key];
          else next[key] = { state: 'error', message };
        }
        return next;
      });
      return false;
    }
  }

  /** Forgets every change (DELETE); true when the API did. */
  async reset(): Promise<boolean> {
    this.mark(['reset'], { state: 'saving' });
    try {
      const defaults = await call(resetSettings());
      this.confirmed = defaults;
      this.pending = [];
      this.settings.set(defaults);
      this.theme.choice.set(defaults.theme);
      this.remember(defaults.theme);
      this.status.set({ reset: { state: 'saved' } });
      return true;
    } catch (error) {
      this.mark(['reset'], { state: 'error', message: describeError(error).message });
      return false;
    }
  }

  /** The alias of a context, as the context selector shows it. */
  label(context: string): string {
    return contextLabel(context, this.settings()?.contextAliases);
  }

  private done(changes: SettingsUpdateDto): void {
    this.pending = this.pending.filter((c) => c !== changes);
  }

  private mark(keys: readonly string[], state: SaveState): void {
    this.status.update((s) => {
      const next = { ...s };
      for (const key of keys) next[key] = state;
      return next;
    });
  }

  private remember(theme: ThemeChoice): void {
    try {
      storage()?.setItem(SYNCED_THEME_KEY, theme);
    } catch {
      // storage may be disabled; the theme then follows this browser alone
    }
  }
}
