import type { LogLevel, LogLine } from '@orphelix/contract';
import { toIso } from './time';

/** How the text was fetched, and what to stamp on every line. */
export interface ParseLogOptions {
  /** `true` when the text was requested with `timestamps=true`, so every line starts with an RFC3339Nano timestamp. */
  timestamps: boolean;
  /** Pod name to stamp on every line (when merging several pods). */
  pod?: string;
  /** Container name to stamp on every line (when merging several containers). */
  container?: string;
}

const LEVEL_ALIASES: Readonly<Record<string, LogLevel>> = {
  trace: 'TRACE',
  trc: 'TRACE',
  finest: 'TRACE',
  debug: 'DEBUG',
  dbg: 'DEBUG',
  fine: 'DEBUG',
  finer: 'DEBUG',
  verbose: 'DEBUG',
  info: 'INFO',
  inf: 'INFO',
  information: 'INFO',
  informational: 'INFO',
  notice: 'INFO',
  warn: 'WARN',
  warning: 'WARN',
  wrn: 'WARN',
  error: 'ERROR',
  err: 'ERROR',
  eror: 'ERROR',
  severe: 'ERROR',
  fatal: 'FATAL',
  ftl: 'FATAL',
  critical: 'FATAL',
  crit: 'FATAL',
  panic: 'FATAL',
  dpanic: 'FATAL',
  emerg: 'FATAL',
  emergency: 'FATAL',
  alert: 'FATAL',
};

/**
 * A level name or number normalised to a {@link LogLevel}: `warning` → WARN, `err` → ERROR,
 * `critical` / `panic` / `emerg` → FATAL; pino/bunyan numbers (10 trace … 60 fatal). `null` otherwise.
 */
export function normaliseLogLevel(value: unknown): LogLevel | null {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value.trim()))) {
    const n = Number(value);
    if (n >= 60) return 'FATAL';
    if (n >= 50) return 'ERROR';
    if (n >= 40) return 'WARN';
    if (n >= 30) return 'INFO';
    if (n >= 20) return 'DEBUG';
    return n >= 10 ? 'TRACE' : null;
  }
  if (typeof value !== 'string') return null;
  return LEVEL_ALIASES[value.trim().toLowerCase()] ?? null;
}

// The prefix `kubectl logs --timestamps` shows: RFC3339Nano, then one space.
const APISERVER_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))(?: |$)/;
// An application's own leading timestamp (ISO-8601 / RFC3339, `T` or space, `.` or `,` fraction).
const APP_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(Z|[+-]\d{2}:?\d{2})?)\s+/;
// klog: Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg
const KLOG = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [^\]]*\] ?(.*)$/;
const KLOG_LEVELS: Readonly<Record<string, LogLevel>> = { I: 'INFO', W: 'WARN', E: 'ERROR', F: 'FATAL' };
const LOGFMT_LEVEL = /(?:^|\s)(?:level|lvl|severity|loglevel)=("?)([A-Za-z]+|\d+)\1(?=\s|$)/i;
const LOGFMT_MESSAGE = /(?:^|\s)(?:msg|message)=(?:"((?:[^"\\]|\\.)*)"|(\S+))/;
const LEADING_MARKERS = [
  /^\[\s*([A-Za-z]{3,13})\s*\]:?\s*/, // [ERROR] msg, [warn]: msg
  /^<([A-Za-z]{3,13})>\s*/, // <error> msg
  /^([A-Za-z]{3,13}):\s*/, // ERROR: msg, Warning: msg, ERROR:root:msg
  /^([A-Z]{3,13})\s+/, // ERROR msg (upper case only: "Info about" is prose)
];
// Searched in the head of the line only, where loggers put the level; payloads further right are prose.
const INLINE_HEAD = 120;
const INLINE_BRACKET = /\[([A-Za-z]{3,13})\]/g;
const INLINE_WORD =
  /(?:^|[\s|(])(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRIT|CRITICAL|FATAL|PANIC|SEVERE)(?=$|[\s:|)\],])/;

const JSON_LEVEL_KEYS = [
  'level',
  'severity',
  'lvl',
  'loglevel',
  'log_level',
  'log.level',
  'levelname',
  '@l',
  'severitytext',
];
const JSON_MESSAGE_KEYS = ['msg', 'message', 'text', '@m', '@mt', 'event'];
const JSON_TIME_KEYS = ['time', 'timestamp', 'ts', '@timestamp', '@t', 'datetime'];

/** Case-insensitive field lookup, including ECS-style nesting (`log.level` as `{ log: { level } }`). */
function field(object: Record<string, unknown>, keys: readonly string[]): unknown {
  const lower = new Map(Object.entries(object).map(([key, value]) => [key.toLowerCase(), value]));
  for (const key of keys) {
    if (lower.has(key)) return lower.get(key);
    const dot = key.indexOf('.');
    if (dot > 0) {
      const parent = lower.get(key.slice(0, dot));
      if (parent && typeof parent === 'object' && !Array.isArray(parent)) {
        const nested = field(parent as Record<string, unknown>, [key.slice(dot + 1)]);
        if (nested !== undefined) return nested;
      }
    }
  }
  return undefined;
}

/** A JSON time field as ISO-8601: strings as written, numbers as epoch seconds, milliseconds, micro- or nanoseconds. */
function jsonTime(value: unknown): string | null {
  if (typeof value === 'string') return toIso(value);
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return null;
  let ms: number;
  if (value >= 1e17) ms = value / 1e6;
  else if (value >= 1e14) ms = value / 1e3;
  else if (value >= 1e11) ms = value;
  else ms = value * 1000;
  return toIso(new Date(ms));
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return null;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

interface Parsed {
  timestamp: string | null;
  level: LogLevel | null;
  message: string;
  json: Record<string, unknown> | null;
}

function parsePlain(text: string, timestamp: string | null): Parsed {
  const klog = KLOG.exec(text);
  if (klog) return { timestamp, level: KLOG_LEVELS[klog[1]], message: klog[2], json: null };

  const logfmtLevel = LOGFMT_LEVEL.exec(text);
  if (logfmtLevel) {
    const message = LOGFMT_MESSAGE.exec(text);
    const unquoted = message?.[1] !== undefined ? message[1].replace(/\\(.)/g, '$1') : message?.[2];
    return { timestamp, level: normaliseLogLevel(logfmtLevel[2]), message: unquoted ?? text, json: null };
  }

  let body = text;
  const appTimestamp = APP_TIMESTAMP.exec(body);
  if (appTimestamp && timestamp === null) {
    // Without a zone the instant is ambiguous, so it stays in the message and is not used as the time.
    const normalised = appTimestamp[1]
      .replace(' ', 'T')
      .replace(',', '.')
      .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const iso = appTimestamp[2] ? toIso(normalised) : null;
    if (iso) {
      timestamp = iso;
      body = body.slice(appTimestamp[0].length);
    }
  }

  for (const marker of LEADING_MARKERS) {
    const match = marker.exec(body);
    const level = match ? normaliseLogLevel(match[1]) : null;
    if (match && level) return { timestamp, level, message: body.slice(match[0].length), json: null };
  }

  const head = body.slice(0, INLINE_HEAD);
  for (const match of head.matchAll(INLINE_BRACKET)) {
    const level = normaliseLogLevel(match[1]);
    if (level) return { timestamp, level, message: body, json: null };
  }
  const word = INLINE_WORD.exec(head);
  return { timestamp, level: word ? normaliseLogLevel(word[1]) : null, message: body, json: null };
}

function parseLine(raw: string, options: ParseLogOptions): Parsed {
  let rest = raw;
  let timestamp: string | null = null;
  if (options.timestamps) {
    const prefix = APISERVER_TIMESTAMP.exec(raw);
    if (prefix) {
      timestamp = prefix[1];
      rest = raw.slice(prefix[0].length);
    }
  }

  const json = parseJsonObject(rest);
  if (json) {
    const message = field(json, JSON_MESSAGE_KEYS);
    return {
      timestamp: timestamp ?? jsonTime(field(json, JSON_TIME_KEYS)),
      level: normaliseLogLevel(field(json, JSON_LEVEL_KEYS)),
      message: typeof message === 'string' ? message : rest.trim(),
      json,
    };
  }
  return parsePlain(rest, timestamp);
}

/**
 * Container output split into lines and parsed. The apiserver's timestamp prefix is stripped first (so
 * JSON lines are recognised on real clusters too), then each line is read as a JSON object (level,
 * message and time fields), klog, logfmt, or plain text with a level marker (`[ERROR]`, `WARN:`,
 * `ERROR msg`, `… INFO …`). A trailing newline does not produce an empty last line.
 */
export function parseLogLines(text: string, options: ParseLogOptions): LogLine[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line, index) => {
    const raw = line.endsWith('\r') ? line.slice(0, -1) : line;
    const parsed = parseLine(raw, options);
    const result: LogLine = { line: index + 1, ...parsed, raw };
    if (options.pod !== undefined) result.pod = options.pod;
    if (options.container !== undefined) result.container = options.container;
    return result;
  });
}
