import type {
  EventEvidenceDto,
  FieldEvidenceDto,
  FindingDto,
  GetFindingsData,
  RedactionDto,
  TroubleshootTurnBody,
} from '../../api/generated/types.gen';
import { ApiError } from '../../core/api';
import type { KindName } from '../../core/kinds';
import { objectRoute } from '../detail/detail-logic';

/** The kinds the analyzers and the troubleshooter look at (the API's `kind` enum). */
export type AiKind = NonNullable<NonNullable<GetFindingsData['query']>['kind']>;

const AI_KIND_SET: ReadonlySet<string> = new Set<AiKind>([
  'cronjobs',
  'daemonsets',
  'deployments',
  'hpa',
  'ingress',
  'jobs',
  'nodes',
  'pods',
  'pvcs',
  'replicasets',
  'services',
  'statefulsets',
] satisfies AiKind[]);

export function isAiKind(kind: KindName): kind is KindName & AiKind {
  return AI_KIND_SET.has(kind);
}

/** The conversation's limits, as the API validates them (TroubleshootBody). */
export const HISTORY_MAX = 20;
export const TURN_MAX = 32_000;
export const QUESTION_MAX = 4_000;

export type Severity = FindingDto['severity'];

export function severityTone(severity: Severity): 'error' | 'warn' | 'info' {
  return severity === 'critical' ? 'error' : severity === 'warning' ? 'warn' : 'info';
}

export function severityLabel(severity: Severity): string {
  return severity === 'critical' ? 'Critical' : severity === 'warning' ? 'Warning' : 'Info';
}

/** How many findings of each severity, most severe first, leaving out those with none. */
export function severityCounts(findings: readonly FindingDto[]): { severity: Severity; count: number }[] {
  const order: Severity[] = ['critical', 'warning', 'info'];
  return order.map((severity) => ({ severity, count: findings.filter((f) => f.severity === severity).length })).filter((c) => c.count > 0);
}

export function isEventEvidence(e: FieldEvidenceDto | EventEvidenceDto): e is EventEvidenceDto {
  return 'event' in e;
}

/** A next step split into what it says and the command to run (`…: kubectl …`); command null when there is none. */
export function splitStep(step: string): { text: string; command: string | null } {
  if (/^kubectl\s/.test(step)) return { text: '', command: step };
  const at = step.indexOf(': kubectl ');
  if (at < 0) return { text: step, command: null };
  return { text: step.slice(0, at), command: step.slice(at + 2) };
}

/** The detail page of the object a finding is about (Pods go to their pod's page). */
export function findingRoute(finding: Pick<FindingDto, 'object'>): string[] | null {
  return objectRoute(finding.object.kind, finding.object.name, finding.object.namespace);
}

/** One turn of the conversation as the panel keeps it. */
export interface Turn {
  id: number;
  role: 'user' | 'assistant';
  text: string;
  /** An answer: still arriving, complete, stopped by the user, or cut by an error. */
  state: 'streaming' | 'done' | 'stopped' | 'error';
  /** The model that answered. */
  model?: string | null;
  /** What the redactor replaced in that request, per rule. */
  redactions?: RedactionDto[];
}

/**
 * The earlier turns sent with a follow-up, oldest first: questions, and the answers the user saw
 * (complete or stopped) — an answer cut by an error is left out with its question — at most
 * {@link HISTORY_MAX}, each cut to {@link TURN_MAX} characters.
 */
export function historyOf(turns: readonly Turn[]): TroubleshootTurnBody[] {
  const kept: TroubleshootTurnBody[] = [];
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i];
    if (!turn) continue;
    if (turn.role === 'user') {
      const answer = turns[i + 1];
      if (answer?.role !== 'assistant' || !usable(answer)) continue;
      kept.push({ role: 'user', content: turn.text.slice(0, TURN_MAX) });
    } else if (usable(turn)) {
      kept.push({ role: 'assistant', content: turn.text.slice(0, TURN_MAX) });
    }
  }
  return kept.slice(-HISTORY_MAX);
}

function usable(turn: Turn): boolean {
  return (turn.state === 'done' || turn.state === 'stopped') && turn.text.trim() !== '';
}

/** What went wrong with a request to the model, as the panel shows it. */
export interface AiFailure {
  title: string;
  message: string;
  /** 429: seconds to wait before asking again. */
  retryAfterSeconds: number | null;
  kind: 'rate-limited' | 'upstream' | 'forbidden' | 'not-found' | 'unreachable' | 'error';
}

export function aiFailure(error: unknown): AiFailure {
  if (error instanceof ApiError) {
    if (error.status === 429 || error.code === 'RATE_LIMITED') {
      const seconds = Number(error.details['retryAfterSeconds']);
      return {
        kind: 'rate-limited',
        title: 'The model provider is busy',
        message: error.message,
        retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 1,
      };
    }
    if (error.code === 'UPSTREAM_ERROR' || error.status === 502) {
      return { kind: 'upstream', title: 'The model provider failed', message: error.message, retryAfterSeconds: null };
    }
    if (error.forbidden) return { kind: 'forbidden', title: 'Access denied', message: error.message, retryAfterSeconds: null };
    if (error.notFound) return { kind: 'not-found', title: 'Not found', message: error.message, retryAfterSeconds: null };
    if (error.unreachable) return { kind: 'unreachable', title: 'Not reachable', message: error.message, retryAfterSeconds: null };
    return { kind: 'error', title: `Error ${error.status || ''}`.trim(), message: error.message, retryAfterSeconds: null };
  }
  return { kind: 'error', title: 'Error', message: error instanceof Error ? error.message : String(error), retryAfterSeconds: null };
}

/** `in 1 minute 5 seconds` / `in 20 seconds`. */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `in ${s} second${s === 1 ? '' : 's'}`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return `in ${m} minute${m === 1 ? '' : 's'}${rest ? ` ${rest} second${rest === 1 ? '' : 's'}` : ''}`;
}

/** `1,675 characters`. */
export function charCount(text: string): string {
  return `${text.length.toLocaleString('en-US')} character${text.length === 1 ? '' : 's'}`;
}

/** `3 values redacted (pem-block 1, github-token 2)`, or null when nothing was. */
export function redactionSummary(redactions: readonly RedactionDto[] | undefined): string | null {
  const total = (redactions ?? []).reduce((n, r) => n + r.count, 0);
  if (!redactions || total === 0) return null;
  return `${total} value${total === 1 ? '' : 's'} redacted (${redactions.map((r) => `${r.rule} ${r.count}`).join(', ')})`;
}
