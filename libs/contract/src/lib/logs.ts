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
  /**
   * The line exactly as received, timestamp prefix included. In a followed log (`follow=true`) the
   * apiserver's timestamp prefix is kept only when `timestamps=true`, as `kubectl logs -f` prints it.
   */
  raw: string;
  /** The parsed object when the line (after the timestamp) is a JSON object; else `null`. */
  json: Record<string, unknown> | null;
  /** Pod the line came from: set when lines of several pods are merged, and on every streamed line. */
  pod?: string;
  /** Container the line came from: set when lines of several containers are merged, and on every streamed line. */
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

/** One pod's container whose log was read. */
export interface LogSource {
  pod: string;
  container: string;
  /** Lines read from it. */
  lines: number;
}

/** A pod's container whose log could not be read, and why (it has not started, the pod went away…). */
export interface SkippedLogSource {
  pod: string;
  container: string;
  /** Why, e.g. the apiserver's message. */
  reason: string;
}

/** `GET /api/deployments/{name}/logs` as JSON: the recent lines of every pod of the deployment, merged. */
export interface DeploymentLogsResponse {
  /** The deployment. */
  name: string;
  namespace: string;
  /** The container read in every pod; `null` when every container of each pod was read. */
  container: string | null;
  /** Whether these are the previous (terminated) instances of the containers. */
  previous: boolean;
  /** Every pod and container read. */
  sources: LogSource[];
  /** The pods' containers that could not be read. */
  skipped: SkippedLogSource[];
  /**
   * The lines of every source, oldest first by the apiserver's timestamp, each with `pod` and
   * `container`; `line` numbers a line within its own source. `tailLines` applies to each source.
   */
  parsed: LogLine[];
  /** Number of lines returned. */
  totalLines: number;
}

/**
 * Every SSE event name of a followed log (`GET /api/pods/{name}/logs?follow=true`,
 * `GET /api/deployments/{name}/logs?follow=true`).
 */
export const LOG_STREAM_EVENT_NAMES = ['log', 'heartbeat', 'end', 'error'] as const;

/** `log`, `heartbeat`, `end` or `error`. */
export type LogStreamEventName = (typeof LOG_STREAM_EVENT_NAMES)[number];

/** Data of the `log` event: one line, with the pod and container it came from. */
export interface LogStreamLine extends LogLine {
  pod: string;
  container: string;
}

/**
 * Data of the `end` event of a followed pod log, after which the response ends (a client must not
 * reconnect). A deployment's stream has no `end`: its pods come and go while it stays open.
 */
export interface LogStreamEnd {
  /**
   * `container-stopped`: the apiserver ended the log because the container stopped or the pod went
   * away; `previous-read`: the previous instance's log, which cannot grow, has been sent whole.
   */
  reason: 'container-stopped' | 'previous-read';
  pod: string;
  namespace: string;
  container: string;
}
