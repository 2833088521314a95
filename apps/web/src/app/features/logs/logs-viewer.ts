import { ScrollingModule } from '@angular/cdk/scrolling';
import { DOCUMENT, NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  Pipe,
  type PipeTransform,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { getDeploymentLogs, getPodLogs } from '../../api/generated/sdk.gen';
import type { ErrorEnvelope, LogLine, LogStreamEnd, LogStreamLine } from '../../api/generated/types.gen';
import { ApiError, call, describeError } from '../../core/api';
import { ViewState } from '../../core/view-state';
import {
  DEFAULT_TAIL,
  type LevelTone,
  type LogRequest,
  type LogSourceKind,
  MAX_LINES,
  RingBuffer,
  SINCE_OPTIONS,
  STATUS_OF_CODE,
  TAIL_OPTIONS,
  type TextPart,
  type ViewLine,
  endMessage,
  followUrl,
  inheritTones,
  lineForExport,
  lineMatches,
  logsQuery,
  podSlot,
  shortTime,
  splitMatches,
  toViewLine,
} from './logs-model';

/** A line cut around the search hits (pure: recomputed only when the line or the query changes). */
@Pipe({ name: 'logMatches' })
export class LogMatchesPipe implements PipeTransform {
  transform(text: string, query: string): TextPart[] {
    return splitMatches(text, query);
  }
}

type Phase = 'loading' | 'ready' | 'following' | 'ended' | 'error';

/** Height of one unwrapped line (px); the virtual scroll relies on it. */
export const LINE_HEIGHT = 20;
/** Wrapped lines have no fixed height, so they are rendered plainly: only the newest this many. */
export const WRAP_RENDER_CAP = 2000;
/** New streamed lines are applied together at most this often, not one render per line. */
const FLUSH_MS = 100;

/**
 * Logs of a pod (one container, or its previous instance) or of every pod of a deployment: read once
 * through the SDK, or followed live over SSE. Up to {@link MAX_LINES} lines are kept.
 *
 * Rendering: unwrapped lines have one fixed height, so a CDK virtual scroll keeps only the visible rows
 * in the DOM however many lines are held. Wrapped lines vary in height, which the virtual scroll cannot
 * handle without measuring each row, so wrap mode renders plainly but only the newest
 * {@link WRAP_RENDER_CAP} lines (and says so); the download always has every held line.
 */
@Component({
  selector: 'orx-logs-viewer',
  imports: [ScrollingModule, NgTemplateOutlet, LogMatchesPipe],
  templateUrl: './logs-viewer.html',
  styleUrl: './logs-viewer.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LogsViewer {
  private readonly view = inject(ViewState);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);

  readonly source = input.required<LogSourceKind>();
  readonly name = input.required<string>();
  readonly namespace = input.required<string>();
  /** The pod's container names (a deployment's: its pod template's), for the picker. */
  readonly containers = input<string[]>([]);
  /** The kubeconfig context; null means the ViewState's. */
  readonly context = input<string | null>(null);

  protected readonly tailOptions = TAIL_OPTIONS;
  protected readonly sinceOptions = SINCE_OPTIONS;
  protected readonly lineHeight = LINE_HEIGHT;
  protected readonly maxLines = MAX_LINES;
  protected readonly wrapCap = WRAP_RENDER_CAP;
  protected readonly podSlot = podSlot;
  protected readonly shortTime = shortTime;

  // Toolbar choices.
  protected readonly follow = signal(false);
  protected readonly previous = signal(false);
  protected readonly chosenContainer = signal<string | null>(null);
  protected readonly tail = signal<number>(DEFAULT_TAIL);
  protected readonly since = signal<number | null>(null);
  protected readonly query = signal('');
  protected readonly onlyMatching = signal(false);
  protected readonly wrap = signal(false);
  protected readonly timestamps = signal(false);
  private readonly reloads = signal(0);

  // What is shown.
  protected readonly phase = signal<Phase>('loading');
  protected readonly error = signal<ReturnType<typeof describeError> | null>(null);
  protected readonly endText = signal('');
  /** Per-pod problems of a deployment's log (a pod that could not be read); the rest goes on. */
  protected readonly notices = signal<string[]>([]);
  protected readonly lines = signal<ViewLine[]>([]);
  protected readonly dropped = signal(0);
  /** The container the API read when none was chosen (a pod's default container). */
  protected readonly servedContainer = signal<string | null>(null);
  /** Whether the view sticks to the newest line (false once the user scrolls up). */
  protected readonly pinned = signal(true);

  protected readonly isPod = computed(() => this.source() === 'pod');
  protected readonly effectiveContext = computed(() => this.context() ?? this.view.context());
  /** The chosen container, when it is one of this source's. */
  protected readonly container = computed(() => {
    const chosen = this.chosenContainer();
    const known = this.containers();
    return chosen && (known.length === 0 || known.includes(chosen)) ? chosen : null;
  });
  protected readonly pickerValue = computed(
    () => this.container() ?? (this.isPod() ? (this.servedContainer() ?? this.containers()[0] ?? '') : ''),
  );
  protected readonly showContainerTag = computed(
    () => !this.isPod() && !this.container() && this.containers().length !== 1,
  );
  protected readonly request = computed<LogRequest>(() => ({
    context: this.effectiveContext(),
    namespace: this.namespace(),
    container: this.container(),
    tailLines: this.tail(),
    sinceSeconds: this.since(),
    previous: this.isPod() && this.previous(),
  }));

  protected readonly matchCount = computed(() => {
    const q = this.query();
    return q ? this.lines().reduce((n, l) => (lineMatches(l.text, q) ? n + 1 : n), 0) : 0;
  });
  protected readonly visible = computed(() => {
    const q = this.query();
    const lines = this.lines();
    return q && this.onlyMatching() ? lines.filter((l) => lineMatches(l.text, q)) : lines;
  });
  protected readonly wrapped = computed(() => {
    const lines = this.visible();
    return lines.length > WRAP_RENDER_CAP ? lines.slice(-WRAP_RENDER_CAP) : lines;
  });
  protected readonly label = computed(() => `Logs of ${this.source()} ${this.name()}`);

  private readonly scroller = viewChild('scroller', { read: ElementRef<HTMLElement> });
  private readonly buffer = new RingBuffer<ViewLine>(MAX_LINES);
  private pending: LogLine[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private stream: EventSource | null = null;
  private generation = 0;
  private nextId = 1;
  /** Each pod/container's last line tone, for stack frames that follow an error. */
  private readonly lastTones = new Map<string, LevelTone>();

  constructor() {
    effect((onCleanup) => {
      const source = this.source();
      const name = this.name();
      const request = this.request();
      const follow = this.follow();
      this.reloads();
      untracked(() => this.start(source, name, request, follow));
      onCleanup(() => this.stop());
    });
  }

  // Toolbar actions.

  protected toggleFollow(): void {
    this.follow.update((f) => !f);
  }

  protected setPrevious(on: boolean): void {
    this.previous.set(on);
    // A previous instance's log cannot grow, so there is nothing to follow.
    if (on) this.follow.set(false);
  }

  protected pickContainer(value: string): void {
    this.chosenContainer.set(value || null);
  }

  protected pickSince(value: string): void {
    this.since.set(value ? Number(value) : null);
  }

  /** Refresh, Retry and Resume: the same read again. */
  protected reload(): void {
    this.reloads.update((n) => n + 1);
  }

  protected clear(): void {
    this.buffer.clear();
    this.pending = [];
    this.publish();
  }

  protected download(): void {
    const text = this.visible()
      .map((l) => lineForExport(l, this.timestamps()))
      .join('\n');
    const blob = new Blob([text ? `${text}\n` : ''], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = this.document.createElement('a');
    a.href = url;
    a.download = this.fileName();
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  protected fileName(): string {
    const container = this.container() ?? (this.isPod() ? this.servedContainer() : null);
    const parts = [this.name(), container, this.isPod() && this.previous() ? 'previous' : null];
    return `${parts.filter(Boolean).join('-')}.log`;
  }

  protected onScroll(): void {
    const el = this.scroller()?.nativeElement;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= LINE_HEIGHT * 2;
    if (atBottom !== this.pinned()) this.pinned.set(atBottom);
  }

  protected jumpToLatest(): void {
    this.pinned.set(true);
    this.scrollToBottom();
  }

  protected trackLine = (_: number, line: ViewLine): number => line.id;

  // Reading and following.

  private start(source: LogSourceKind, name: string, request: LogRequest, follow: boolean): void {
    const generation = ++this.generation;
    this.buffer.clear();
    this.lastTones.clear();
    this.pending = [];
    this.publish();
    this.phase.set('loading');
    this.error.set(null);
    this.endText.set('');
    this.notices.set([]);
    if (source === 'pod') this.servedContainer.set(null);
    this.pinned.set(true);
    if (follow) this.openStream(generation, source, name, request);
    else void this.read(generation, source, name, request);
  }

  private stop(): void {
    this.closeStream();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private fetch(source: LogSourceKind, name: string, request: LogRequest, tailLines?: number) {
    const query = { ...logsQuery(request), ...(tailLines ? { tailLines } : {}) };
    return source === 'pod'
      ? call(getPodLogs({ path: { name }, query })).then((r) => ({
          lines: r.parsed,
          container: r.container,
          skipped: [],
        }))
      : call(getDeploymentLogs({ path: { name }, query })).then((r) => ({
          lines: r.parsed,
          container: r.container,
          skipped: r.skipped,
        }));
  }

  private async read(generation: number, source: LogSourceKind, name: string, request: LogRequest): Promise<void> {
    try {
      const result = await this.fetch(source, name, request);
      if (generation !== this.generation) return;
      if (source === 'pod') this.servedContainer.set(result.container);
      this.notices.set(result.skipped.map((s) => `${s.pod}/${s.container}: ${s.reason}`));
      this.pending.push(...result.lines);
      this.flush();
      this.phase.set('ready');
    } catch (error) {
      if (generation === this.generation) this.fail(error);
    }
  }

  private openStream(generation: number, source: LogSourceKind, name: string, request: LogRequest): void {
    const origin = this.document.location?.origin ?? '';
    const stream = new EventSource(followUrl(source, name, request, origin));
    this.stream = stream;
    let opened = false;
    const current = (): boolean => generation === this.generation && this.stream === stream;
    stream.addEventListener('open', () => {
      if (!current()) return;
      opened = true;
      this.phase.set('following');
    });
    stream.addEventListener('log', (event) => {
      if (!current()) return;
      const line = JSON.parse((event as MessageEvent<string>).data) as LogStreamLine;
      if (source === 'pod' && !this.servedContainer()) this.servedContainer.set(line.container);
      this.enqueue(line);
    });
    stream.addEventListener('end', (event) => {
      if (!current()) return;
      const end = JSON.parse((event as MessageEvent<string>).data) as LogStreamEnd;
      this.closeStream();
      this.flush();
      this.endText.set(endMessage(end));
      this.phase.set('ended');
    });
    stream.addEventListener('error', (event) => {
      if (!current()) return;
      const data = (event as MessageEvent<unknown>).data;
      if (typeof data === 'string' && data) {
        // The server's `error` event: one pod of a deployment (the stream goes on), else the whole log.
        const envelope = JSON.parse(data) as ErrorEnvelope;
        const pod = envelope.details?.['pod'];
        if (typeof pod === 'string') {
          const container = envelope.details?.['container'];
          this.notice(`${pod}${typeof container === 'string' ? `/${container}` : ''}: ${envelope.error}`);
          return;
        }
        this.closeStream();
        this.flush();
        const status = STATUS_OF_CODE[envelope.code] ?? 500;
        this.fail(
          new ApiError(status, envelope.code, envelope.error, envelope.details ?? {}, envelope.requestId ?? null),
        );
        return;
      }
      // The connection failed. The browser would reconnect and get the tail again (duplicate lines),
      // so the stream is closed here and the user resumes.
      this.closeStream();
      this.flush();
      if (opened) {
        this.endText.set('The connection to the server was lost.');
        this.phase.set('ended');
      } else {
        // Refused before streaming: the status is only visible to a plain read, which says why.
        void this.probe(generation, source, name, request);
      }
    });
  }

  private async probe(generation: number, source: LogSourceKind, name: string, request: LogRequest): Promise<void> {
    try {
      await this.fetch(source, name, request, 1);
      if (generation !== this.generation) return;
      this.endText.set('The live stream could not be opened.');
      this.phase.set('ended');
    } catch (error) {
      if (generation === this.generation) this.fail(error);
    }
  }

  /** A per-pod problem, once; only the latest few are kept. */
  private notice(text: string): void {
    this.notices.update((n) => (n.includes(text) ? n : [...n, text].slice(-5)));
  }

  private closeStream(): void {
    this.stream?.close();
    this.stream = null;
  }

  private fail(error: unknown): void {
    const described = describeError(error);
    if (described.kind === 'not-found' && !(error instanceof ApiError && error.code === 'CONTEXT_NOT_FOUND')) {
      const what = this.isPod() ? `Pod ${this.name()}` : `Deployment ${this.name()}`;
      described.title = `${what} is gone`;
      described.message = `${what} no longer exists in namespace ${this.namespace()}. ${described.message}`;
    }
    this.error.set(described);
    this.phase.set('error');
  }

  private enqueue(line: LogLine): void {
    this.pending.push(line);
    // A tab in the background may fall behind: only the newest lines would be kept anyway.
    if (this.pending.length > MAX_LINES * 2) this.pending = this.pending.slice(-MAX_LINES);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending.length > MAX_LINES ? this.pending.slice(-MAX_LINES) : this.pending;
    this.buffer.dropped += this.pending.length - batch.length;
    this.pending = [];
    this.buffer.pushAll(
      inheritTones(
        batch.map((l) => toViewLine(l, this.nextId++)),
        this.lastTones,
      ),
    );
    this.publish();
    if (this.pinned()) afterNextRender(() => this.scrollToBottom(), { injector: this.injector });
  }

  private publish(): void {
    this.lines.set(this.buffer.toArray());
    this.dropped.set(this.buffer.dropped);
  }

  /**
   * Scrolls to the newest line, and again over the next few frames: the virtual scroll sizes its
   * content after the render, so the first attempt may stop short. A user scroll meanwhile (unpinning)
   * stops it.
   */
  private scrollToBottom(frames = 6): void {
    const el = this.scroller()?.nativeElement;
    if (el) el.scrollTop = el.scrollHeight;
    if (frames > 0) {
      requestAnimationFrame(() => {
        if (this.pinned()) this.scrollToBottom(frames - 1);
      });
    }
  }
}
