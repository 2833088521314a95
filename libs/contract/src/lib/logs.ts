/** Normalised log severity. */
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** Every {@link LogLevel}, least severe first. */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/** One parsed line of container output. */
export interface LogLine {
  /** 1-based position of the line within the returned text. */
  line: number;
  /**
   * When the line was written: the RFC3339Nano timestamp the apiserver prefixed (kept verbatim), else a
   * time field of a JSON line normalised to ISO-8601; `null` when neither exists.
   */
  timestamp: string | null;
  /**
   * Severity: from a JSON line's `level` / `severity` / `lvl` / `loglevel` field (pino's numeric levels
   * included), else detected in the text (`[ERROR]`, `WARN:`, `level=warn`, klog's `E1127 …`); `null`
   * when none is recognisable. `warning` becomes `WARN`, `err` `ERROR`, `critical` / `panic` `FATAL`.
   */
  level: LogLevel | null;
  /** The message: a JSON line's `msg` / `message` / `text` field, else the text after the timestamp and level markers. */
  message: string;
  /** The line exactly as received, timestamp prefix included. */
  raw: string;
  /** The parsed object when the line (after the timestamp) is a JSON object; else `null`. */
  json: Record<string, unknown> | null;
  /** Pod the line came from, when lines of several pods are merged. */
  pod?: string;
  /** Container the line came from, when lines of several containers are merged. */
  container?: string;
}

/** `GET /api/pods/{name}/logs` as JSON. */
export interface PodLogsResponse {
  /** The pod. */
  pod: string;
  namespace: string;
  /** The container read (the default one when the request named none). */
  container: string;
  /** Whether this is the previous (terminated) instance of the container. */
  previous: boolean;
  /** The log text as the apiserver returned it (with timestamps only when asked for). */
  logs: string;
  /** Each line parsed: timestamp, level, message, and fields when the line is JSON. */
  parsed: LogLine[];
  /** Number of lines returned. */
  totalLines: number;
}
