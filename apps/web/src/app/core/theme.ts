import { DOCUMENT } from '@angular/common';
import { Injectable, effect, inject, signal } from '@angular/core';

export type ThemeChoice = 'light' | 'dark' | 'system';
const KEY = 'orphelix.theme';

/** Light, dark or the system's; applied as `data-theme` on <html> (index.html applies it before first paint). */
@Injectable({ providedIn: 'root' })
export class Theme {
  /** This browser's own choice, if it ever made one; the default is not a choice. */
  private stored = readStored();
  readonly choice = signal<ThemeChoice>(this.stored ?? 'system');

  constructor() {
    const root = inject(DOCUMENT).documentElement;
    effect(() => {
      const choice = this.choice();
      // Only a choice is kept: storing the default at start-up would make it look like one, and the
      // server's theme would never apply to a new browser (see SettingsStore's themeOnLoad).
      if (this.stored !== null || choice !== 'system') {
        try {
          localStorage.setItem(KEY, choice);
          this.stored = choice;
        } catch {
          // storage may be disabled; the theme still applies for this page
        }
      }
      root.setAttribute('data-theme', choice);
    });
  }

  cycle(): void {
    const order: ThemeChoice[] = ['system', 'light', 'dark'];
    this.choice.set(order[(order.indexOf(this.choice()) + 1) % order.length] as ThemeChoice);
  }
}

function readStored(): ThemeChoice | null {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'light' || v === 'dark' || v === 'system') return v;
  } catch {
    // ignore
  }
  return null;
}
