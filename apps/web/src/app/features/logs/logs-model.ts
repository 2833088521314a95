import type {
  ErrorCode,
  GetDeploymentLogsData,
  GetPodLogsData,
  LogLevel,
  LogLine,
  LogStreamEnd,
} from '../../api/generated/types.gen';

export type LogSourceKind = 'pod' | 'deployment';

/** Lines kept in memory; older ones are dropped as new ones arrive. */
export const MAX_LINES = 10_000;
export const TAIL_OPTIONS = [100, 250, 500, 1000, 2500, 5000] as const;
export const DEFAULT_TAIL = 500;
export const SINCE_OPTIONS: readonly { label: string; seconds: number | null }[] = [
  { label: 'All', seconds: null },
  { label: '5m', seconds: 5 * 60 },
  { label: '15m', seconds: 15 * 60 },
  { label: '1h', seconds: 3600 },
  { label: '6h', seconds: 6 * 3600 },
  { label: '24h', seconds: 24 * 3600 },
];

/** How a line is coloured. */
export type LevelTone = 'error' | 'warn' | 'info' | 'debug' | 'none';

/** One line as the viewer keeps it. */
export interface ViewLine {
  /** Unique within the viewer (tracking key). */
  id: number;
  /** The line's text without the apiserver's timestamp prefix. */
  text: string;
  timestamp: string | null;
  tone: LevelTone;
  pod: string | null;
  container: string | null;
}

/** What a read asks for: the query of both log routes (the SDK's own parameter names). */
export interface LogRequest {
  context: string | null;
  namespace: string;
  container: string | null;
  tailLines: number;
  sinceSeconds: number | null;
  previous: boolean;
}

type PodLogsQuery = NonNullable<GetPodLogsData['query']>;
type DeploymentLogsQuery = NonNullable<GetDeploymentLogsData['query']>;
/** Both routes take the same query; a change to either shows up here at compile time. */
export type LogsQuery = PodLogsQuery & DeploymentLogsQuery;

/** The query of a read (`follow` false) or of a follow; unset options are left out. */
export function logsQuery(request: LogRequest, follow = false): LogsQuery {
  const query: LogsQuery = { namespace: request.namespace, tailLines: request.tailLines };
  if (request.context) query.context = request.context;
  if (request.container) query.container = request.container;
  if (request.sinceSeconds) query.sinceSeconds = request.sinceSeconds;
  if (request.previous) query.previous = true;
  if (follow) query.follow = true;
  return query;
}

/** The route of a source's log (the SDK's `url` with `{name}` filled in). */
export function logsPath(source: LogSourceKind, name: string): string {
  const base = source === 'pod' ? '/api/pods' : '/api/deployments';
  return `${base}/${encodeURIComponent(name)}/logs`;
}

/** The URL an EventSource opens to follow a log: the route, the same query, and `follow=true`. */
export function followUrl(source: LogSourceKind, name: string, request: LogRequest, origin = ''): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(logsQuery(request, true))) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  return `${origin}${logsPath(source, name)}?${params.toString()}`;
}

const LEVEL_TONE: Record<LogLevel, LevelTone> = {
  FATAL: 'error',
  ERROR: 'error',
  WARN: 'warn',
  INFO: 'info',
  DEBUG: 'debug',
  TRACE: 'debug',
};

/** A level name or number (pino: 10 trace … 60 fatal) as a tone; `none` when unrecognised. */
export function toneOfLevelValue(value: unknown): LevelTone {
  if (typeof value === 'number') {
    if (value >= 50) return 'error';
    if (value >= 40) return 'warn';
    if (value >= 30) return 'info';
    return value > 0 ? 'debug' : 'none';
  }
  if (typeof value !== 'string') return 'none';
  const v = value.trim().toLowerCase();
  if (/^(fatal|panic|crit(ical)?|emerg(ency)?|alert|err(or)?|severe|dpanic)$/.test(v)) return 'error';
  if (/^(warn(ing)?)$/.test(v)) return 'warn';
  if (/^(info|notice|information)$/.test(v)) return 'info';
  if (/^(debug|trace|verbose|fine(st)?|dbg)$/.test(v)) return 'debug';
  return 'none';
}

const JSON_LEVEL_KEYS = ['level', 'severity', 'lvl', 'loglevel', 'log.level', 'levelname'];

// Markers in free text: `[ERROR]`, `ERROR:`, `level=warn`, `panic:`, klog's `E1127 10:00:00.000`.
const TEXT_LEVELS: readonly [RegExp, LevelTone][] = [
  [/\b(level|lvl|severity)=["']?(fatal|panic|error|err|crit(ical)?)\b/i, 'error'],
  [/\b(level|lvl|severity)=["']?(warn|warning)\b/i, 'warn'],
  [/\b(level|lvl|severity)=["']?(info|notice)\b/i, 'info'],
  [/\b(level|lvl|severity)=["']?(debug|trace)\b/i, 'debug'],
  [/^[EF]\d{4} \d{2}:\d{2}:\d{2}/, 'error'],
  [/^W\d{4} \d{2}:\d{2}:\d{2}/, 'warn'],
  [/^I\d{4} \d{2}:\d{2}:\d{2}/, 'info'],
  [/\bnpm (error|ERR!)/, 'error'],
  [/\bnpm (warn|WARN)\b/, 'warn'],
  [/^[\w.$]*(Error|Exception)(: |$)|^Traceback \(most recent call last\)/, 'error'],
  [/\b(FATAL|PANIC|ERROR|ERR|CRITICAL|CRIT|EMERG)\b|^panic:|\bpanic:/, 'error'],
  [/\b(WARN|WARNING)\b/, 'warn'],
  [/\b(DEBUG|TRACE|DBG)\b/, 'debug'],
  [/\bINFO\b/, 'info'],
];

/**
 * A line's tone: the parsed level the API sent, else a JSON line's level field, else a marker in the
 * text. Lines with no recognisable level are `none` (shown as normal text).
 */
export function detectTone(line: Pick<LogLine, 'level' | 'json'> & { text: string }): LevelTone {
  if (line.level) return LEVEL_TONE[line.level] ?? 'none';
  if (line.json) {
    for (const key of JSON_LEVEL_KEYS) {
      const tone = toneOfLevelValue(line.json[key]);
      if (tone !== 'none') return tone;
    }
  }
  let text = line.text;
  if (!line.json && text.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object')
        return detectTone({ level: null, json: parsed as Record<string, unknown>, text: '' });
    } catch {
      // Not JSON after all: look at the text.
    }
  }
  text = text.slice(0, 400);
  for (const [pattern, tone] of TEXT_LEVELS) if (pattern.test(text)) return tone;
  return 'none';
}

/** A stack frame or similar line that belongs to the line before it (`    at …`, `  File "…"`, `Caused by:`). */
export function isContinuation(text: string): boolean {
  return /^\s+(at\s|File\s"|\.\.\.\s\d+\smore)|^Caused by:/.test(text);
}

/**
 * Gives continuation lines without a level of their own the error or warning tone of the line before
 * them from the same pod and container. `last` carries each source's last tone across batches.
 */
export function inheritTones(lines: ViewLine[], last: Map<string, LevelTone>): ViewLine[] {
  for (const line of lines) {
    const key = `${line.pod ?? ''}/${line.container ?? ''}`;
    const before = last.get(key);
    if (line.tone === 'none' && (before === 'error' || before === 'warn') && isContinuation(line.text)) {
      line.tone = before;
    }
    last.set(key, line.tone);
  }
  return lines;
}

/** The line without the apiserver's timestamp prefix (the API keeps it in `raw` of non-follow reads). */
export function withoutTimestamp(raw: string, timestamp: string | null): string {
  if (timestamp === null || !raw.startsWith(timestamp)) return raw;
  const rest = raw.slice(timestamp.length);
  return rest.startsWith(' ') ? rest.slice(1) : rest;
}

/** A timestamp as shown beside a line: date and time to the millisecond, in UTC as the apiserver wrote it. */
export function shortTime(timestamp: string): string {
  return timestamp.length > 23 ? timestamp.slice(0, 23).replace('T', ' ') : timestamp.replace('T', ' ');
}

/** A line of either route as the viewer keeps it. */
export function toViewLine(line: LogLine, id: number): ViewLine {
  const text = withoutTimestamp(line.raw, line.timestamp);
  return {
    id,
    text,
    timestamp: line.timestamp,
    tone: detectTone({ level: line.level, json: line.json, text }),
    pod: line.pod ?? null,
    container: line.container ?? null,
  };
}

/** A piece of a line: `match` pieces are the search hits, shown highlighted. */
export interface TextPart {
  text: string;
  match: boolean;
}

/**
 * The line cut around every case-insensitive occurrence of `query`. The parts are rendered as text
 * nodes (interpolation), so a line can never inject markup.
 */
export function splitMatches(text: string, query: string): TextPart[] {
  if (!query) return [{ text, match: false }];
  const haystack = text.toLowerCase();
  const needle = query.toLowerCase();
  const parts: TextPart[] = [];
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length || parts.length === 0) parts.push({ text: text.slice(from), match: false });
  return parts;
}

export function lineMatches(text: string, query: string): boolean {
  return !query || text.toLowerCase().includes(query.toLowerCase());
}

/**
 * The newest `capacity` items pushed, oldest first. Pushing into a full buffer drops the oldest
 * (counted in `dropped`).
 */
export class RingBuffer<T> {
  private items: (T | undefined)[];
  private start = 0;
  private count = 0;
  /** Items dropped to make room since the last clear. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (capacity < 1) throw new Error('capacity must be at least 1');
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(value: T): void {
    this.pushAll([value]);
  }

  pushAll(values: readonly T[]): void {
    for (const value of values) {
      const end = (this.start + this.count) % this.capacity;
      this.items[end] = value;
      if (this.count < this.capacity) this.count += 1;
      else {
        this.start = (this.start + 1) % this.capacity;
        this.dropped += 1;
      }
    }
  }

  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.capacity);
    this.start = 0;
    this.count = 0;
    this.dropped = 0;
  }
}

/** A stable colour slot (0–4) for a pod name, so one pod keeps its colour across reloads. */
export function podSlot(pod: string, slots = 5): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < pod.length; i++) {
    hash ^= pod.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % slots;
}

/** The text a line downloads as: optional timestamp, pod/container tag, the line. */
export function lineForExport(line: ViewLine, withTimestamps: boolean): string {
  const stamp = withTimestamps && line.timestamp ? `${line.timestamp} ` : '';
  const tag = line.pod ? `[${line.pod}${line.container ? `/${line.container}` : ''}] ` : '';
  return `${stamp}${tag}${line.text}`;
}

/** Why a followed log stopped, in the user's terms. */
export function endMessage(end: Pick<LogStreamEnd, 'reason' | 'container'>): string {
  return end.reason === 'previous-read'
    ? `The previous instance of ${end.container} has been read whole; it cannot grow.`
    : `The log of ${end.container} ended: the container stopped or the pod went away.`;
}

/** The HTTP status each error code comes with (an SSE `error` event carries only the envelope). */
export const STATUS_OF_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_ERROR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONTEXT_NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UPSTREAM_ERROR: 502,
  CLUSTER_UNREACHABLE: 503,
  INTERNAL_ERROR: 500,
};
