import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { getGitHubPullRequest } from '../../../api/generated/sdk.gen';
import { call } from '../../../core/api';
import { Identity } from '../../../core/identity';
import { ViewState } from '../../../core/view-state';
import { currentContext, type PrResource, type PrState, prKey, prState, prsFor } from './git-edit-logic';
import { KubeContexts } from './kube-contexts';
import { TrackedPrs } from './tracked-prs';

/**
 * One badge per pull request opened for this object: `#number` and its state, linking to it. The
 * state is asked of GitHub once per page; without it (no GitHub login, GitHub failing) the badge still
 * shows, without a state.
 */
@Component({
  selector: 'orx-pr-badges',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (pr of prs(); track key(pr)) {
      @let state = states()[key(pr)] ?? null;
      <a class="badge pr-badge" data-testid="pr-badge" [class]="state ?? 'unknown'" [attr.data-state]="state"
         [href]="pr.url" target="_blank" rel="noopener noreferrer"
         [title]="'Pull request #' + pr.number + ' in ' + pr.owner + '/' + pr.repo + (state ? ' (' + state + ')' : '')">
        PR #{{ pr.number }}@if (state) {<span> · {{ state }}</span>}
      </a>
    }
  `,
  styles: `
    :host { display: contents; }
    .pr-badge { text-decoration: none; }
    .pr-badge:hover { text-decoration: underline; }
    .open { background: var(--ok-bg); color: var(--ok-fg); }
    .merged { background: var(--info-bg); color: var(--info-fg); }
    .closed { background: var(--error-bg); color: var(--error-fg); }
  `,
})
export class PrBadges {
  /** The Kubernetes kind (`Deployment`), as the pull request was recorded with. */
  readonly kind = input.required<string>();
  readonly name = input.required<string>();
  readonly namespace = input<string | null>(null);

  private readonly view = inject(ViewState);
  private readonly contexts = inject(KubeContexts);
  private readonly identity = inject(Identity);
  private readonly tracked = inject(TrackedPrs);

  protected readonly states = signal<Record<string, PrState | null>>({});
  private readonly asked = new Set<string>();

  private readonly resource = computed<PrResource | null>(() => {
    const context = currentContext(this.view.context(), this.contexts.contexts());
    return context ? { context, kind: this.kind(), namespace: this.namespace(), name: this.name() } : null;
  });
  protected readonly prs = computed(() => prsFor(this.tracked.all(), this.resource()));
  private readonly canAsk = computed(() => this.identity.me()?.user?.kind === 'github');

  constructor() {
    if (!this.view.context()) void this.contexts.load();
    effect(() => {
      const prs = this.prs();
      if (!this.canAsk()) return;
      untracked(() => {
        for (const pr of prs) this.fetchState(pr.owner, pr.repo, pr.number);
      });
    });
  }

  protected key = prKey;

  private fetchState(owner: string, repo: string, number: number): void {
    const key = prKey({ owner, repo, number });
    if (this.asked.has(key)) return;
    this.asked.add(key);
    call(getGitHubPullRequest({ path: { number }, query: { owner, repo } }))
      .then((answer) => this.states.update((s) => ({ ...s, [key]: prState(answer) })))
      .catch(() => {
        // Shown without a state; the next visit of the page asks again.
      });
  }
}
