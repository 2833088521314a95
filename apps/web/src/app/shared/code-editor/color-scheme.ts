import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Theme, type ThemeChoice } from '../../core/theme';

/** Whether a theme choice shows dark: `system` follows the operating system, as styles.scss does. */
export function isDark(choice: ThemeChoice, systemDark: boolean): boolean {
  return choice === 'dark' || (choice === 'system' && systemDark);
}

/**
 * Whether the console is dark right now. The console's colours switch in CSS alone; CodeMirror also
 * needs to know (its base theme and the token colours), so this follows the same two inputs.
 */
@Injectable({ providedIn: 'root' })
export class ColorScheme {
  private readonly theme = inject(Theme);
  private readonly systemDark = signal(false);
  readonly dark = computed(() => isDark(this.theme.choice(), this.systemDark()));

  constructor() {
    const query = typeof globalThis.matchMedia === 'function' ? globalThis.matchMedia('(prefers-color-scheme: dark)') : null;
    if (!query) return;
    this.systemDark.set(query.matches);
    const listener = (event: MediaQueryListEvent) => this.systemDark.set(event.matches);
    query.addEventListener('change', listener);
    inject(DestroyRef).onDestroy(() => query.removeEventListener('change', listener));
  }
}
