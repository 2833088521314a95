import type { LogLine, LogStreamLine } from '@orphelix/contract';
import { parseLogLines } from '@orphelix/k8s';
import { Observable, type OperatorFunction } from 'rxjs';

/**
 * A followed log's first burst (the tail of every container) is written in one go, so its stream may
 * hold more than the SSE writer's default before the client has had a chance to read.
 */
export const LOG_STREAM_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** A line longer than this without its newline is passed on as it is rather than held without bound. */
export const MAX_HELD_LINE_CHARS = 1024 * 1024;

/**
 * Text chunks to whole lines (without their `\n` or `\r\n`). A chunk that ends mid-line leaves the
 * partial line held until its newline arrives; a partial line left when the source completes is
 * passed on as the last line.
 */
export function splitLines(): OperatorFunction<string, string> {
  return (source) =>
    new Observable<string>((subscriber) => {
      let held = '';
      const emit = (line: string): void => subscriber.next(line.endsWith('\r') ? line.slice(0, -1) : line);
      return source.subscribe({
        next: (chunk) => {
          const parts = (held + chunk).split('\n');
          held = parts.pop() ?? '';
          for (const part of parts) emit(part);
          if (held.length > MAX_HELD_LINE_CHARS) {
            emit(held);
            held = '';
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          if (held !== '') emit(held);
          subscriber.complete();
        },
      });
    });
}

/** Where a streamed line came from. */
export interface LogSourceRef {
  pod: string;
  container: string;
}

/**
 * One line read with `timestamps=true`, parsed as the non-follow route parses it, numbered `line` and
 * tagged with its source. Without `timestamps`, `raw` loses the apiserver's timestamp prefix (the
 * `timestamp` field keeps it).
 */
export function streamedLine(raw: string, line: number, source: LogSourceRef, timestamps: boolean): LogStreamLine {
  const [parsed] = parseLogLines(`${raw}\n`, { timestamps: true, pod: source.pod, container: source.container });
  const base: LogLine = parsed ?? { line, timestamp: null, level: null, message: raw, raw, json: null };
  return {
    ...base,
    line,
    raw: timestamps ? raw : withoutTimestamp(raw, base.timestamp),
    pod: source.pod,
    container: source.container,
  };
}

/** The line without the apiserver's timestamp prefix, when it starts with `timestamp`. */
export function withoutTimestamp(raw: string, timestamp: string | null): string {
  if (timestamp === null || !raw.startsWith(timestamp)) return raw;
  const rest = raw.slice(timestamp.length);
  return rest.startsWith(' ') ? rest.slice(1) : rest;
}

/** A followed container's text chunks as parsed lines, numbered from 1. */
export function streamedLines(
  chunks$: Observable<string>,
  source: LogSourceRef,
  timestamps: boolean,
): Observable<LogStreamLine> {
  return new Observable<LogStreamLine>((subscriber) => {
    let line = 0;
    return chunks$.pipe(splitLines()).subscribe({
      next: (raw) => subscriber.next(streamedLine(raw, (line += 1), source, timestamps)),
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
}

/**
 * Subscribes to `source` at once and waits until it has emitted, completed or failed, or `waitMs` has
 * passed. A failure within that time rejects, so that it can still be answered with its own status;
 * otherwise it resolves with an Observable (for one subscriber) that replays what came meanwhile and
 * goes on live. Unsubscribing from it unsubscribes from `source`.
 */
export function primed<T>(source: Observable<T>, waitMs: number): Promise<Observable<T>> {
  type Note = { kind: 'next'; value: T } | { kind: 'error'; error: unknown } | { kind: 'complete' };
  return new Promise<Observable<T>>((resolve, reject) => {
    const held: Note[] = [];
    let deliver: ((note: Note) => void) | null = null;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;

    const replay = new Observable<T>((subscriber) => {
      const send = (note: Note): void => {
        if (note.kind === 'next') subscriber.next(note.value);
        else if (note.kind === 'error') subscriber.error(note.error);
        else subscriber.complete();
      };
      for (const note of held.splice(0)) send(note);
      deliver = send;
      return () => {
        deliver = null;
        upstream.unsubscribe();
      };
    });

    const settle = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(replay);
    };

    const note = (n: Note): void => {
      if (!settled && n.kind === 'error') {
        settled = true;
        clearTimeout(timer);
        reject(n.error);
        return;
      }
      if (deliver) deliver(n);
      else held.push(n);
      settle();
    };

    const upstream = source.subscribe({
      next: (value) => note({ kind: 'next', value }),
      error: (error: unknown) => note({ kind: 'error', error }),
      complete: () => note({ kind: 'complete' }),
    });
    if (!settled) timer = setTimeout(settle, waitMs);
  });
}

/** Sort key of an RFC 3339 timestamp with up to nanosecond precision: [epoch ms, nanoseconds within the ms]. */
export function timestampKey(timestamp: string | null): [number, number] | null {
  if (timestamp === null) return null;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(timestamp);
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : Date.parse(timestamp);
  if (Number.isNaN(ms)) return null;
  const fraction = (m?.[2] ?? '').padEnd(9, '0').slice(0, 9);
  return [ms + Number(fraction.slice(0, 3)), Number(fraction.slice(3))];
}

/**
 * Lines of several sources merged oldest first. A line without a timestamp keeps its place after the
 * line before it in its own source; lines of the same instant keep the order of `sources`.
 */
export function mergeByTimestamp(sources: LogStreamLine[][]): LogStreamLine[] {
  const keyed: { line: LogStreamLine; key: [number, number]; source: number; index: number }[] = [];
  sources.forEach((lines, source) => {
    let last: [number, number] = [-Infinity, 0];
    lines.forEach((line, index) => {
      last = timestampKey(line.timestamp) ?? last;
      keyed.push({ line, key: last, source, index });
    });
  });
  keyed.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.source - b.source || a.index - b.index);
  return keyed.map((k) => k.line);
}
