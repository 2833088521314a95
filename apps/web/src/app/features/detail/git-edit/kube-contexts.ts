import { Injectable, signal } from '@angular/core';
import { listContexts } from '../../../api/generated/sdk.gen';
import type { ContextDto } from '../../../api/generated/types.gen';
import { call } from '../../../core/api';

/**
 * The kubeconfig contexts, read once: a pull request is recorded with the context's name, and with
 * none chosen in the URL that name is the kubeconfig's current context.
 */
@Injectable({ providedIn: 'root' })
export class KubeContexts {
  /** null until read; empty when they could not be. */
  readonly contexts = signal<ContextDto[] | null>(null);
  private loading: Promise<void> | null = null;

  load(): Promise<void> {
    this.loading ??= call(listContexts())
      .then((page) => this.contexts.set(page.items))
      .catch(() => {
        this.loading = null;
        this.contexts.set([]);
      });
    return this.loading;
  }
}
