import { Injectable, effect, signal } from '@angular/core';

export type ThemeChoice = 'light' | 'dark' | 'system';
const KEY = 'orphelix.theme';

/** Light, dark or the system's; applied as `data-theme` on <html> (index.html applies it before first paint). */
@Injectable({ providedIn: 'root' })
export class Theme {
  readonly choice = signal<ThemeChoice>(readChoice());

  constructor() {
    effect(() => {
      const choice = this.choice();
      try {
        localStorage.setItem(KEY, choice);
      } catch {
        // storage may be disabled; the theme still applies for this page
      }
      document.documentElement.dataset['theme'] = choice;
    });
  }

  cycle(): void {
    const order: ThemeChoice[] = ['system', 'light', 'dark'];
    this.choice.set(order[(order.indexOf(this.choice()) + 1) % order.length] as ThemeChoice);
  }
}

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'light' || v === 'dark' || v === 'system') return v;
  } catch {
    // ignore
  }
  return 'system';
}
