import { Injectable, computed, inject, signal } from '@angular/core';
import type { TrackedPullRequestDto } from '../../../api/generated/types.gen';
import { SettingsStore } from '../../../core/settings-store';
import { prKey } from './git-edit-logic';

/**
 * The pull requests remembered on resources: the settings' `pullRequests`, plus those opened in this
 * browser since the settings were read, so a new one shows its badge at once.
 */
@Injectable({ providedIn: 'root' })
export class TrackedPrs {
  private readonly settings = inject(SettingsStore);
  private readonly opened = signal<TrackedPullRequestDto[]>([]);

  readonly all = computed(() => {
    const stored = this.settings.settings()?.pullRequests ?? [];
    const known = new Set(stored.map(prKey));
    return [...stored, ...this.opened().filter((pr) => !known.has(prKey(pr)))];
  });

  add(pr: TrackedPullRequestDto): void {
    this.opened.update((list) => [...list.filter((p) => prKey(p) !== prKey(pr)), pr]);
  }
}
