import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { getFindings, preview } from '../../api/generated/sdk.gen';
import type { AiPreviewDto, AiProviderDto, FindingsResponseDto, TroubleshootBody } from '../../api/generated/types.gen';
import { call, describeError } from '../../core/api';
import { kindDef } from '../../core/kinds';
import { ViewState } from '../../core/view-state';
import { objectScope } from '../detail/shared/scope';
import { type TroubleshootQuery, streamTroubleshoot } from './ai-api';
import {
  type AiFailure,
  type AiKind,
  QUESTION_MAX,
  type Turn,
  aiFailure,
  charCount,
  historyOf,
  redactionSummary,
  severityCounts,
  severityLabel,
  severityTone,
  waitText,
} from './ai-logic';
import { FindingsList } from './findings-list';
import { MarkdownView } from './markdown-view';

type Failure = ReturnType<typeof describeError>;
type Preview = { state: 'loading' } | { state: 'error'; failure: Failure } | { state: 'ready'; data: AiPreviewDto; question: string | null };

/**
 * Troubleshooting one object, on its detail page: the analyzers' findings (always read, shown in the
 * header as counts), and — open with `?ai=open`, or `?ai=explain` to ask at once — the findings in full,
 * the exact messages a question would send ("What will be sent", with what was redacted), and the
 * conversation with the configured model, its answers streamed in as Markdown. The conversation lives
 * here; each follow-up sends it back as `history`.
 */
@Component({
  selector: 'orx-troubleshoot-panel',
  imports: [FindingsList, MarkdownView],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './troubleshoot-panel.html',
  styleUrl: './troubleshoot-panel.scss',
  host: { 'data-testid': 'ai-panel', role: 'region', 'aria-labelledby': 'ai-title' },
})
export class TroubleshootPanel {
  readonly kind = input.required<AiKind>();
  readonly name = input.required<string>();
  readonly namespace = input<string | null>(null);
  /** Moves when the page's Refresh is pressed: the findings are read again. */
  readonly refresh = input(0);

  protected readonly view = inject(ViewState);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly open = computed(() => this.view.param('ai') !== null);
  protected readonly singular = computed(() => (kindDef(this.kind())?.singular ?? this.kind()).toLowerCase());
  private readonly query = computed<TroubleshootQuery>(() => ({
    kind: this.kind(),
    name: this.name(),
    ...objectScope(this.view.context(), this.namespace()),
  }));

  protected readonly findings = signal<FindingsResponseDto | null>(null);
  protected readonly findingsError = signal<Failure | null>(null);
  protected readonly findingsLoading = signal(false);
  protected readonly counts = computed(() => severityCounts(this.findings()?.findings ?? []));

  protected readonly turns = signal<Turn[]>([]);
  /** `waiting`: asked, nothing back yet (the API gathers the evidence); `streaming`: the answer arrives. */
  protected readonly phase = signal<'idle' | 'waiting' | 'streaming'>('idle');
  protected readonly busy = computed(() => this.phase() !== 'idle');
  protected readonly failure = signal<AiFailure | null>(null);
  /** A 429's wait is over. */
  protected readonly retryReady = signal(true);
  /** The API's message when no model is set up. */
  protected readonly noModel = signal<string | null>(null);
  protected readonly provider = signal<AiProviderDto | null>(null);
  /** The live region: said once per answer (complete, stopped, failed), never per chunk. */
  protected readonly announcement = signal('');
  protected readonly draft = signal('');
  protected readonly hasAnswer = computed(() => historyOf(this.turns()).length > 0);

  protected readonly previewOpen = signal(false);
  protected readonly preview = signal<Preview>({ state: 'loading' });
  protected readonly previewChars = computed(() => {
    const p = this.preview();
    return p.state === 'ready' ? charCount(p.data.messages.map((m) => m.content).join('')) : '';
  });

  protected readonly tone = severityTone;
  protected readonly label = severityLabel;
  protected readonly chars = charCount;
  protected readonly redacted = redactionSummary;
  protected readonly questionMax = QUESTION_MAX;

  private key = '';
  private findingsGeneration = 0;
  private previewGeneration = 0;
  private controller: AbortController | null = null;
  /** What the last request asked, to ask it again after a failure. */
  private lastQuestion: string | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private nextTurnId = 1;

  constructor() {
    // Another object (or context): start over. The page's Refresh reads the findings again.
    effect(() => {
      const key = JSON.stringify(this.query());
      this.refresh();
      untracked(() => {
        if (key !== this.key) {
          if (this.key) this.reset();
          this.key = key;
        }
        void this.loadFindings();
      });
    });
    // `?ai=explain` (the dashboard's Explain): open, and ask once — the URL keeps `open`, so a reload does not ask again.
    effect(() => {
      if (this.view.param('ai') !== 'explain') return;
      untracked(() => {
        this.view.set({ ai: 'open' });
        if (this.busy()) return;
        void this.ask(null, true);
        this.focusAnswer();
      });
    });
    inject(DestroyRef).onDestroy(() => {
      this.controller?.abort();
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.findingsGeneration++;
      this.previewGeneration++;
    });
  }

  protected toggle(): void {
    this.view.set({ ai: this.open() ? null : 'open' });
  }

  protected async loadFindings(): Promise<void> {
    const mine = ++this.findingsGeneration;
    this.findingsLoading.set(true);
    try {
      const result = await call(getFindings({ query: this.query() }));
      if (mine !== this.findingsGeneration) return;
      this.findings.set(result);
      this.findingsError.set(null);
    } catch (e) {
      if (mine === this.findingsGeneration) this.findingsError.set(describeError(e));
    } finally {
      if (mine === this.findingsGeneration) this.findingsLoading.set(false);
    }
  }

  /** "Explain with AI": a new conversation, asking for the diagnosis. */
  protected explain(): void {
    if (this.busy()) return;
    if (!this.open()) this.view.set({ ai: 'open' });
    void this.ask(null, true);
    this.focusAnswer();
  }

  /** Takes the reader to the answer (below the findings), once it is drawn. */
  private focusAnswer(): void {
    setTimeout(() => this.host.nativeElement.querySelector<HTMLElement>('#ai-answer-title')?.focus());
  }

  protected submitQuestion(event: Event): void {
    event.preventDefault();
    const question = this.draft().trim();
    if (!question || this.busy()) return;
    this.draft.set('');
    void this.ask(question.slice(0, QUESTION_MAX), false);
  }

  protected onQuestionKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) this.submitQuestion(event);
  }

  protected onDraft(event: Event): void {
    this.draft.set((event.target as HTMLTextAreaElement).value);
  }

  protected retry(): void {
    if (this.busy() || !this.retryReady()) return;
    const question = this.lastQuestion;
    void this.ask(question, false);
  }

  protected stop(): void {
    this.controller?.abort();
  }

  /** Asks the model: a new conversation (`fresh`), or the next turn of this one. */
  private async ask(question: string | null, fresh: boolean): Promise<void> {
    this.controller?.abort();
    if (fresh) this.turns.set([]);
    const history = historyOf(this.turns());
    const body: TroubleshootBody = {
      ...(question ? { question } : {}),
      ...(history.length > 0 ? { history } : {}),
    };
    const controller = new AbortController();
    this.controller = controller;
    this.lastQuestion = question;
    this.failure.set(null);
    this.noModel.set(null);
    this.announcement.set('');
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryReady.set(true);
    const asked: Turn | null = question ? { id: this.nextTurnId++, role: 'user', text: question, state: 'done' } : null;
    const answer: Turn = { id: this.nextTurnId++, role: 'assistant', text: '', state: 'streaming' };
    this.turns.update((t) => [...t, ...(asked ? [asked] : []), answer]);
    this.phase.set('waiting');
    const update = (change: Partial<Turn>): void => this.turns.update((all) => all.map((t) => (t.id === answer.id ? { ...t, ...change } : t)));
    let text = '';
    let noModel: string | null = null;
    try {
      await streamTroubleshoot(this.query(), body, controller.signal, {
        start: (data) => {
          this.provider.set(data.provider);
          update({ redactions: data.redactions });
          this.phase.set('streaming');
        },
        delta: (piece) => {
          text += piece;
          update({ text });
        },
        done: (data) => {
          noModel = data.message;
          update({ model: data.model });
        },
      });
      if (controller !== this.controller) return;
      if (controller.signal.aborted) {
        if (text.trim()) {
          update({ state: 'stopped' });
          this.announcement.set('Stopped. The answer so far is kept.');
        } else {
          this.drop(asked, answer);
          this.announcement.set('Stopped before the model answered.');
        }
      } else if (noModel !== null) {
        this.drop(asked, answer);
        this.noModel.set(noModel);
        this.announcement.set(noModel);
      } else {
        update({ state: 'done' });
        this.announcement.set(question ? `The answer to “${clip(question)}” is complete.` : 'The explanation is complete.');
      }
    } catch (e) {
      if (controller !== this.controller) return;
      const failure = aiFailure(e);
      if (text.trim()) update({ state: 'error' });
      else {
        this.drop(asked, answer);
        // The question comes back into the box, to send again or change.
        if (question && !this.draft()) this.draft.set(question);
      }
      this.failure.set(failure);
      if (failure.retryAfterSeconds !== null) {
        this.retryReady.set(false);
        this.retryTimer = setTimeout(() => this.retryReady.set(true), failure.retryAfterSeconds * 1000);
      }
      this.announcement.set(`${failure.title}: ${failure.message}`);
    } finally {
      if (controller === this.controller) {
        this.controller = null;
        this.phase.set('idle');
        this.keepFocus();
      }
    }
    // What would be sent next has changed.
    if (this.previewOpen()) void this.loadPreview();
  }

  private drop(...turns: (Turn | null)[]): void {
    const ids = new Set(turns.filter((t): t is Turn => t !== null).map((t) => t.id));
    this.turns.update((all) => all.filter((t) => !ids.has(t.id)));
  }

  /** The Stop button goes away with the request: focus moves to the question box rather than to the page. */
  private keepFocus(): void {
    const active = globalThis.document?.activeElement;
    const stopButton = this.host.nativeElement.querySelector('[data-testid="ai-stop"]');
    if (active && active === stopButton) {
      setTimeout(() => this.host.nativeElement.querySelector<HTMLElement>('#ai-question')?.focus());
    }
  }

  protected retryText(failure: AiFailure): string {
    return failure.retryAfterSeconds === null ? '' : this.retryReady() ? 'You can try again now.' : `Try again ${waitText(failure.retryAfterSeconds)}.`;
  }

  protected togglePreview(): void {
    const open = !this.previewOpen();
    this.previewOpen.set(open);
    if (open) void this.loadPreview();
  }

  /** `POST /api/ai/preview` for what the next request would send: the conversation so far and the draft question. */
  protected async loadPreview(): Promise<void> {
    const mine = ++this.previewGeneration;
    const question = this.draft().trim().slice(0, QUESTION_MAX) || null;
    const history = historyOf(this.turns());
    this.preview.set({ state: 'loading' });
    try {
      const data = await call(
        preview({ query: this.query(), body: { ...(question ? { question } : {}), ...(history.length > 0 ? { history } : {}) } }),
      );
      if (mine !== this.previewGeneration) return;
      this.provider.set(data.provider);
      this.preview.set({ state: 'ready', data, question });
    } catch (e) {
      if (mine === this.previewGeneration) this.preview.set({ state: 'error', failure: describeError(e) });
    }
  }

  private reset(): void {
    this.controller?.abort();
    this.controller = null;
    this.phase.set('idle');
    this.turns.set([]);
    this.failure.set(null);
    this.noModel.set(null);
    this.announcement.set('');
    this.draft.set('');
    this.findings.set(null);
    this.findingsError.set(null);
    this.previewOpen.set(false);
    this.previewGeneration++;
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
