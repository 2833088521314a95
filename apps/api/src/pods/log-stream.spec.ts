import { firstValueFrom, Observable, of, Subject, toArray } from 'rxjs';
import { MAX_HELD_LINE_CHARS, mergeByTimestamp, primed, splitLines, streamedLine, timestampKey } from './log-stream';

describe('splitLines', () => {
  it('cuts chunks into lines, holding a partial line until its newline and passing the last one on at the end', async () => {
    const lines = await firstValueFrom(of('one\r\ntw', 'o\n', '', 'thr', 'ee\nfour').pipe(splitLines(), toArray()));
    expect(lines).toEqual(['one', 'two', 'three', 'four']);
  });

  it('keeps empty lines, and passes on a line too long to hold instead of growing without bound', async () => {
    const long = 'x'.repeat(MAX_HELD_LINE_CHARS + 1);
    const lines = await firstValueFrom(of('\n\na\n', long, 'tail\n').pipe(splitLines(), toArray()));
    expect(lines).toEqual(['', '', 'a', long, 'tail']);
  });

  it('emits each line as soon as its chunk arrives', () => {
    const source = new Subject<string>();
    const seen: string[] = [];
    source.pipe(splitLines()).subscribe((line) => seen.push(line));
    source.next('a\nb');
    expect(seen).toEqual(['a']);
    source.next('\n');
    expect(seen).toEqual(['a', 'b']);
  });
});

describe('streamedLine', () => {
  const source = { pod: 'web-0', container: 'app' };

  it('parses as the non-follow route does and keeps the timestamp in `raw` only when asked for', () => {
    const raw = '2026-11-27T08:00:00.123456789Z {"level":"warn","msg":"slow"}';
    expect(streamedLine(raw, 7, source, false)).toEqual({
      line: 7,
      timestamp: '2026-11-27T08:00:00.123456789Z',
      level: 'WARN',
      message: 'slow',
      raw: '{"level":"warn","msg":"slow"}',
      json: { level: 'warn', msg: 'slow' },
      pod: 'web-0',
      container: 'app',
    });
    expect(streamedLine(raw, 7, source, true).raw).toBe(raw);
    expect(streamedLine('', 1, source, false)).toMatchObject({ line: 1, raw: '', message: '', timestamp: null });
  });
});

describe('primed', () => {
  it('rejects with a failure that comes before the wait is over', async () => {
    const failing = new Observable<string>((s) => {
      setTimeout(() => s.error(new Error('forbidden')), 10);
    });
    await expect(primed(failing, 1000)).rejects.toThrow('forbidden');
  });

  it('resolves at the first value and replays it, then goes on live; unsubscribing reaches the source', async () => {
    const source = new Subject<string>();
    let unsubscribed = false;
    const tracked = new Observable<string>((s) => {
      const sub = source.subscribe(s);
      return () => {
        unsubscribed = true;
        sub.unsubscribe();
      };
    });
    const pending = primed(tracked, 60_000);
    source.next('a');
    const stream = await pending;
    source.next('b');
    const seen: string[] = [];
    const errors: unknown[] = [];
    const sub = stream.subscribe({ next: (v) => seen.push(v), error: (e: unknown) => errors.push(e) });
    source.next('c');
    expect(seen).toEqual(['a', 'b', 'c']);
    sub.unsubscribe();
    expect(unsubscribed).toBe(true);
    expect(errors).toEqual([]);
  });

  it('resolves after the wait when nothing comes, and delivers a later failure to the subscriber', async () => {
    const source = new Subject<string>();
    const started = Date.now();
    const stream = await primed(source, 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const errors: unknown[] = [];
    stream.subscribe({ error: (e: unknown) => errors.push(e) });
    source.error(new Error('cut off'));
    expect(errors).toEqual([new Error('cut off')]);
  });
});

describe('timestamps', () => {
  it('orders RFC 3339 timestamps to the nanosecond, whatever their precision or zone', () => {
    const ordered = [
      '2026-11-27T09:59:59.999999999+01:00',
      '2026-11-27T09:00:00Z',
      '2026-11-27T09:00:00.000000001Z',
      '2026-11-27T09:00:00.5Z',
    ];
    const keys = ordered.map((t) => timestampKey(t) as [number, number]);
    for (let i = 1; i < keys.length; i += 1) {
      const [a, b] = [keys[i - 1] as [number, number], keys[i] as [number, number]];
      expect(a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])).toBe(true);
    }
    expect(timestampKey(null)).toBeNull();
    expect(timestampKey('yesterday')).toBeNull();
  });

  it('merges sources oldest first, a line without a timestamp staying after its predecessor', () => {
    const line = (pod: string, timestamp: string | null, message: string) =>
      ({ line: 1, timestamp, level: null, message, raw: message, json: null, pod, container: 'c' }) as const;
    const merged = mergeByTimestamp([
      [
        line('a', '2026-11-27T09:00:01Z', 'a1'),
        line('a', null, 'a1 continued'),
        line('a', '2026-11-27T09:00:03Z', 'a3'),
      ],
      [line('b', '2026-11-27T09:00:02Z', 'b2'), line('b', '2026-11-27T09:00:01Z', 'b1')],
    ]);
    expect(merged.map((l) => l.message)).toEqual(['a1', 'a1 continued', 'b1', 'b2', 'a3']);
  });
});
