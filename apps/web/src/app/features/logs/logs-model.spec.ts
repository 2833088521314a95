import type { LogLine } from '../../api/generated/types.gen';
import {
  type LevelTone,
  type LogRequest,
  type ViewLine,
  inheritTones,
  isContinuation,
  RingBuffer,
  detectTone,
  endMessage,
  followUrl,
  lineForExport,
  lineMatches,
  logsPath,
  logsQuery,
  podSlot,
  shortTime,
  splitMatches,
  toViewLine,
  toneOfLevelValue,
  withoutTimestamp,
} from './logs-model';

const text = (t: string) => detectTone({ level: null, json: null, text: t });

describe('detectTone', () => {
  it('uses the level the API parsed', () => {
    expect(detectTone({ level: 'FATAL', json: null, text: '' })).toBe('error');
    expect(detectTone({ level: 'ERROR', json: null, text: '' })).toBe('error');
    expect(detectTone({ level: 'WARN', json: null, text: 'ERROR in text' })).toBe('warn');
    expect(detectTone({ level: 'INFO', json: null, text: '' })).toBe('info');
    expect(detectTone({ level: 'DEBUG', json: null, text: '' })).toBe('debug');
    expect(detectTone({ level: 'TRACE', json: null, text: '' })).toBe('debug');
  });

  it('reads JSON level fields, names and pino numbers', () => {
    expect(detectTone({ level: null, json: { level: 'warning', msg: 'x' }, text: '' })).toBe('warn');
    expect(detectTone({ level: null, json: { severity: 'CRITICAL' }, text: '' })).toBe('error');
    expect(detectTone({ level: null, json: { lvl: 'dbg' }, text: '' })).toBe('debug');
    expect(detectTone({ level: null, json: { level: 50 }, text: '' })).toBe('error');
    expect(detectTone({ level: null, json: { level: 40 }, text: '' })).toBe('warn');
    expect(detectTone({ level: null, json: { level: 30 }, text: '' })).toBe('info');
    expect(detectTone({ level: null, json: { level: 20 }, text: '' })).toBe('debug');
    expect(text('{"level":"error","msg":"boom"}')).toBe('error');
  });

  it.each([
    ['2026/01/01 [ERROR] db down', 'error'],
    ['FATAL: cannot start', 'error'],
    ['panic: runtime error: index out of range', 'error'],
    ['goroutine 1 [running]: panic: boom', 'error'],
    ['time=1 level=warn msg="slow"', 'warn'],
    ['WARNING: deprecated flag', 'warn'],
    ['[INFO] listening on :8080', 'info'],
    ['DEBUG cache hit', 'debug'],
    ['E1127 10:00:00.000000       1 reflector.go:1] failed', 'error'],
    ['W1127 10:00:00.000000       1 warnings.go:1] careful', 'warn'],
    ['I1127 10:00:00.000000       1 server.go:1] started', 'info'],
    ['10.0.0.1 - - "GET / HTTP/1.1" 200 3173', 'none'],
    ['errors=0 information about nothing', 'none'],
    ['npm error command failed', 'error'],
    ['npm ERR! code ELIFECYCLE', 'error'],
    ['npm warn deprecated foo', 'warn'],
    ['ConfigError: PAYMENTS_PROVIDER_URL is not a valid URL', 'error'],
    ['java.lang.NullPointerException: null', 'error'],
    ['Traceback (most recent call last):', 'error'],
  ])('%s → %s', (line, tone) => {
    expect(text(line)).toBe(tone);
  });

  it('does not mistake unknown values for levels', () => {
    expect(toneOfLevelValue('banana')).toBe('none');
    expect(toneOfLevelValue(null)).toBe('none');
    expect(toneOfLevelValue(0)).toBe('none');
  });
});

describe('inheritTones', () => {
  const v = (text: string, tone: LevelTone, pod: string | null = null): ViewLine => ({
    id: 0,
    text,
    tone,
    timestamp: null,
    pod,
    container: pod ? 'app' : null,
  });

  it('gives stack frames the tone of the error before them, per source, across batches', () => {
    const last = new Map<string, LevelTone>();
    const first = inheritTones(
      [v('TypeError: x is undefined', 'error', 'a'), v('    at f (a.js:1:1)', 'none', 'a')],
      last,
    );
    expect(first.map((l) => l.tone)).toEqual(['error', 'error']);
    const second = inheritTones(
      [v('    at g (a.js:2:1)', 'none', 'a'), v('    at h (b.js:1:1)', 'none', 'b'), v('Caused by: io', 'none', 'a')],
      last,
    );
    expect(second.map((l) => l.tone)).toEqual(['error', 'none', 'error']);
  });

  it('leaves ordinary lines alone', () => {
    const last = new Map<string, LevelTone>();
    expect(
      inheritTones([v('ERROR boom', 'error'), v('next request ok', 'none'), v('    at x', 'none')], last).map(
        (l) => l.tone,
      ),
    ).toEqual(['error', 'none', 'none']);
    expect(isContinuation('  File "app.py", line 3')).toBe(true);
    expect(isContinuation('plain')).toBe(false);
  });
});

describe('splitMatches', () => {
  it('returns the whole text without a query', () => {
    expect(splitMatches('hello', '')).toEqual([{ text: 'hello', match: false }]);
  });

  it('cuts around every case-insensitive match, keeping the original case', () => {
    expect(splitMatches('Error: an ERROR happened', 'error')).toEqual([
      { text: 'Error', match: true },
      { text: ': an ', match: false },
      { text: 'ERROR', match: true },
      { text: ' happened', match: false },
    ]);
  });

  it('handles matches at the ends and adjacent matches', () => {
    expect(splitMatches('aaa', 'a').map((p) => p.text)).toEqual(['a', 'a', 'a']);
    expect(splitMatches('abcab', 'ab')).toEqual([
      { text: 'ab', match: true },
      { text: 'c', match: false },
      { text: 'ab', match: true },
    ]);
  });

  it('keeps markup as plain text (the parts are rendered as text, never as HTML)', () => {
    const parts = splitMatches('<img src=x onerror=alert(1)> <b>x</b>', 'img');
    expect(parts.map((p) => p.text).join('')).toBe('<img src=x onerror=alert(1)> <b>x</b>');
    expect(parts[1]).toEqual({ text: 'img', match: true });
  });

  it('matches lines case-insensitively', () => {
    expect(lineMatches('Hello World', 'world')).toBe(true);
    expect(lineMatches('Hello', 'bye')).toBe(false);
    expect(lineMatches('anything', '')).toBe(true);
  });
});

describe('RingBuffer', () => {
  it('keeps the newest items, oldest first, and counts the dropped ones', () => {
    const b = new RingBuffer<number>(3);
    b.pushAll([1, 2]);
    expect(b.toArray()).toEqual([1, 2]);
    b.push(3);
    b.push(4);
    expect(b.toArray()).toEqual([2, 3, 4]);
    expect(b.size).toBe(3);
    expect(b.dropped).toBe(1);
    b.pushAll([5, 6, 7, 8]);
    expect(b.toArray()).toEqual([6, 7, 8]);
    expect(b.dropped).toBe(5);
  });

  it('clears', () => {
    const b = new RingBuffer<string>(2);
    b.pushAll(['a', 'b', 'c']);
    b.clear();
    expect(b.toArray()).toEqual([]);
    expect(b.dropped).toBe(0);
    b.push('d');
    expect(b.toArray()).toEqual(['d']);
  });

  it('holds 10,000 lines', () => {
    const b = new RingBuffer<number>(10_000);
    b.pushAll(Array.from({ length: 25_000 }, (_, i) => i));
    const all = b.toArray();
    expect(all.length).toBe(10_000);
    expect(all[0]).toBe(15_000);
    expect(all[9_999]).toBe(24_999);
  });

  it('refuses a capacity below one', () => {
    expect(() => new RingBuffer(0)).toThrow();
  });
});

describe('log queries and URLs', () => {
  const base: LogRequest = {
    context: null,
    namespace: 'shop',
    container: null,
    tailLines: 500,
    sinceSeconds: null,
    previous: false,
  };

  it('leaves unset options out', () => {
    expect(logsQuery(base)).toEqual({ namespace: 'shop', tailLines: 500 });
  });

  it('carries every chosen option with the SDK parameter names', () => {
    const request: LogRequest = {
      context: 'kind-lab',
      namespace: 'shop',
      container: 'app',
      tailLines: 100,
      sinceSeconds: 300,
      previous: true,
    };
    expect(logsQuery(request)).toEqual({
      context: 'kind-lab',
      namespace: 'shop',
      container: 'app',
      tailLines: 100,
      sinceSeconds: 300,
      previous: true,
    });
    expect(logsQuery(request, true).follow).toBe(true);
  });

  it('builds the follow URL of each route', () => {
    expect(logsPath('pod', 'web-1')).toBe('/api/pods/web-1/logs');
    expect(logsPath('deployment', 'web')).toBe('/api/deployments/web/logs');
    const url = new URL(
      followUrl('pod', 'web-1', { ...base, context: 'a/b@c', container: 'app', sinceSeconds: 900 }, 'http://h'),
    );
    expect(url.pathname).toBe('/api/pods/web-1/logs');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      context: 'a/b@c',
      namespace: 'shop',
      container: 'app',
      tailLines: '500',
      sinceSeconds: '900',
      follow: 'true',
    });
    expect(followUrl('deployment', 'web', base)).toBe(
      '/api/deployments/web/logs?namespace=shop&tailLines=500&follow=true',
    );
  });
});

describe('lines', () => {
  const line: LogLine = {
    line: 1,
    timestamp: '2026-11-27T09:08:32.461146000Z',
    level: null,
    message: 'boom',
    raw: '2026-11-27T09:08:32.461146000Z level=error msg=boom',
    json: null,
    pod: 'web-1',
    container: 'app',
  };

  it('drops the timestamp prefix from the text and keeps the timestamp aside', () => {
    const v = toViewLine(line, 7);
    expect(v).toEqual({
      id: 7,
      text: 'level=error msg=boom',
      timestamp: line.timestamp,
      tone: 'error',
      pod: 'web-1',
      container: 'app',
    });
    expect(withoutTimestamp('plain', line.timestamp)).toBe('plain');
    expect(withoutTimestamp('plain', null)).toBe('plain');
  });

  it('exports with the tag and, when shown, the timestamp', () => {
    const v = toViewLine(line, 1);
    expect(lineForExport(v, false)).toBe('[web-1/app] level=error msg=boom');
    expect(lineForExport(v, true)).toBe('2026-11-27T09:08:32.461146000Z [web-1/app] level=error msg=boom');
    expect(lineForExport({ ...v, pod: null, container: null }, false)).toBe('level=error msg=boom');
  });

  it('shortens timestamps to the millisecond', () => {
    expect(shortTime('2026-11-27T09:08:32.461146000Z')).toBe('2026-11-27 09:08:32.461');
  });

  it('gives each pod a stable colour slot', () => {
    expect(podSlot('web-7d9f-abcde')).toBe(podSlot('web-7d9f-abcde'));
    const slots = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((p) => podSlot(`web-${p}`)));
    expect(slots.size).toBeGreaterThan(1);
    for (const s of slots) expect(s).toBeGreaterThanOrEqual(0);
  });

  it('says why a follow ended', () => {
    expect(endMessage({ reason: 'container-stopped', container: 'app' })).toContain('stopped');
    expect(endMessage({ reason: 'previous-read', container: 'app' })).toContain('previous');
  });
});
