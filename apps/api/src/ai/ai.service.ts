import { Inject, Injectable } from '@nestjs/common';
import {
  buildEvidenceBundle,
  buildTroubleshootMessages,
  type ChatMessage,
  type Finding,
  type LlmPort,
  redact,
  type Redaction,
} from '@orphelix/ai';
import { KINDS } from '@orphelix/k8s';
import { catchError, concat, defer, map, Observable, of, ReplaySubject, throwError } from 'rxjs';
import type { SseFrame } from '../common/sse/sse';
import { AppConfig } from '../config/app-config';
import { AiRedaction } from './ai-redaction';
import type { TroubleshootBody } from './dto/ai-body.dto';
import type { AiKind } from './dto/ai-query.dto';
import type { AiPreviewDto, AiProviderDto, NotLoadedKindDto } from './dto/ai-response.dto';
import { EvidenceService } from './evidence.service';
import { FindingsService } from './findings.service';
import { LLM } from './llm.provider';
import { toApiError } from './llm-errors';

export const NO_MODEL_MESSAGE =
  'No model is set up: these are the analyzers\' findings. To have a model explain them, set ORPHELIX_AI_BASE_URL and ORPHELIX_AI_MODEL ' +
  '(and ORPHELIX_AI_API_KEY) on the server.';

interface Prepared {
  messages: ChatMessage[];
  redactions: Redaction[];
  findings: Finding[];
  notLoaded: NotLoadedKindDto[];
}

/**
 * Troubleshooting one object: the analyzers' findings, the evidence bundle, the redactor, then the
 * model. The preview and the real request are built by the same code, so the preview is exactly what
 * is sent.
 */
@Injectable()
export class AiService {
  constructor(
    private readonly config: AppConfig,
    private readonly findingsService: FindingsService,
    private readonly evidence: EvidenceService,
    private readonly redaction: AiRedaction,
    @Inject(LLM) private readonly llm: LlmPort | null,
  ) {}

  get provider(): AiProviderDto {
    return { configured: this.llm !== null, model: this.llm?.model ?? null };
  }

  async preview(context: string, kind: AiKind, namespace: string | undefined, name: string, body: TroubleshootBody): Promise<AiPreviewDto> {
    const prepared = await this.prepare(context, kind, namespace, name, body);
    return { provider: this.provider, ...prepared };
  }

  /**
   * The troubleshooting stream: `start` (provider, findings, redactions), then `delta`s of the model's
   * answer, then `done`. Resolves once the model has begun to answer, so a provider that fails at once
   * (refused key, rate limit, down) is answered as a plain 502/429 envelope before any event is sent;
   * a failure later is an `error` event. Without a model: `start` and `done` saying so.
   */
  async troubleshoot(
    context: string,
    kind: AiKind,
    namespace: string | undefined,
    name: string,
    body: TroubleshootBody,
    signal: AbortSignal,
  ): Promise<Observable<SseFrame>> {
    const prepared = await this.prepare(context, kind, namespace, name, body);
    const start: SseFrame = {
      event: 'start',
      data: { provider: this.provider, findings: prepared.findings, redactions: prepared.redactions },
    };
    const llm = this.llm;
    if (!llm) return of(start, { event: 'done', data: { model: null, message: NO_MODEL_MESSAGE } });
    const deltas = await primed(llm.streamChat(prepared.messages), signal);
    return concat(
      of(start),
      deltas.pipe(
        map((text): SseFrame => ({ event: 'delta', data: { text } })),
        catchError((error: unknown) => throwError(() => toApiError(error))),
      ),
      defer(() => of<SseFrame>({ event: 'done', data: { model: llm.model, message: null } })),
    );
  }

  private async prepare(context: string, kind: AiKind, namespace: string | undefined, name: string, body: TroubleshootBody): Promise<Prepared> {
    const ns = KINDS[kind].namespaced ? namespace : undefined;
    // Reading the object first makes an unknown one a 404 before anything else is listed.
    const object = { kind: KINDS[kind].kind, namespace: ns ?? null, name };
    const input = await this.evidence.gather(context, kind, ns, name, []);
    const { findings, notLoaded } = await this.findingsService.findings(context, kind === 'nodes' ? undefined : ns, object);
    const bundle = buildEvidenceBundle({ ...input, findings });
    const options = this.redaction.options();
    const redactedBundle = redact(bundle, options);
    const redactedQuestion = body.question === undefined ? undefined : redact(body.question, options);
    const redactedHistory = redact(body.history ?? [], options);
    const messages = buildTroubleshootMessages({
      bundle: redactedBundle.value,
      ...(redactedQuestion ? { question: redactedQuestion.value } : {}),
      history: redactedHistory.value.map((turn) => ({ role: turn.role, content: turn.content })),
      maxPromptChars: this.config.ai.maxPromptChars,
    });
    return {
      messages,
      redactions: mergeRedactions([redactedBundle.redactions, redactedQuestion?.redactions ?? [], redactedHistory.redactions]),
      findings,
      notLoaded,
    };
  }
}

function mergeRedactions(lists: Redaction[][]): Redaction[] {
  const counts = new Map<string, number>();
  for (const list of lists) for (const r of list) counts.set(r.rule, (counts.get(r.rule) ?? 0) + r.count);
  return [...counts].map(([rule, count]) => ({ rule, count })).sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

/**
 * Subscribes to `source` now and resolves once it has emitted (or completed), replaying what it
 * emitted to the one subscriber of the result; rejects with the provider's error, in our envelope, when
 * it fails first. `signal` (the client went away) cancels the request meanwhile.
 */
function primed<T>(source: Observable<T>, signal: AbortSignal): Promise<Observable<T>> {
  return new Promise((resolve, reject) => {
    const replay = new ReplaySubject<T>();
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      resolve(
        new Observable<T>((subscriber) => {
          const inner = replay.subscribe(subscriber);
          return () => {
            inner.unsubscribe();
            upstream.unsubscribe();
          };
        }),
      );
    };
    const upstream = source.subscribe({
      next: (value) => {
        replay.next(value);
        settle();
      },
      error: (error: unknown) => {
        if (settled) replay.error(error);
        else {
          settled = true;
          reject(toApiError(error));
        }
      },
      complete: () => {
        replay.complete();
        settle();
      },
    });
    const abort = (): void => {
      upstream.unsubscribe();
      if (!settled) {
        settled = true;
        reject(new Error('the client went away'));
      }
    };
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });
}
