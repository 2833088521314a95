import { normaliseLogLevel, parseLogLines } from './logs';

const TS = '2025-06-01T12:00:00.123456789Z';

describe('parseLogLines', () => {
  it('strips the apiserver timestamp before recognising JSON (the original never parsed JSON on real clusters)', () => {
    const [line] = parseLogLines(
      `${TS} {"level":"warn","msg":"disk almost full","time":"2025-06-01T11:59:59Z","used":0.93}\n`,
      {
        timestamps: true,
      },
    );
    expect(line).toEqual({
      line: 1,
      timestamp: TS,
      level: 'WARN',
      message: 'disk almost full',
      raw: `${TS} {"level":"warn","msg":"disk almost full","time":"2025-06-01T11:59:59Z","used":0.93}`,
      json: { level: 'warn', msg: 'disk almost full', time: '2025-06-01T11:59:59Z', used: 0.93 },
    });
  });

  it.each([
    ['severity + message', '{"severity":"ERROR","message":"boom"}', 'ERROR', 'boom'],
    ['lvl + text', '{"lvl":"dbug","text":"x"}', null, 'x'],
    ['loglevel critical', '{"loglevel":"critical","msg":"down"}', 'FATAL', 'down'],
    ['pino numeric level', '{"level":50,"time":1748779200000,"msg":"failed"}', 'ERROR', 'failed'],
    ['ECS nested log.level', '{"log":{"level":"warning"},"message":"slow"}', 'WARN', 'slow'],
    ['capitalised keys', '{"Level":"Information","Message":"ok"}', 'INFO', 'ok'],
    ['no message field keeps the JSON text', '{"level":"info","event_id":7}', 'INFO', '{"level":"info","event_id":7}'],
  ])('JSON: %s', (_name, text, level, message) => {
    const [line] = parseLogLines(text, { timestamps: false });
    expect(line.level).toBe(level);
    expect(line.message).toBe(message);
    expect(line.json).not.toBeNull();
  });

  it('takes the time from JSON fields when the apiserver did not prefix one', () => {
    const [seconds, millis, text] = parseLogLines(
      [
        '{"ts":1748779200.5,"msg":"a"}',
        '{"time":1748779200000,"msg":"b"}',
        '{"@timestamp":"2025-06-01T12:00:00+02:00","msg":"c"}',
      ].join('\n'),
      { timestamps: false },
    );
    expect(seconds.timestamp).toBe('2025-06-01T12:00:00.500Z');
    expect(millis.timestamp).toBe('2025-06-01T12:00:00.000Z');
    expect(text.timestamp).toBe('2025-06-01T10:00:00.000Z');
  });

  it.each([
    ['I', 'INFO'],
    ['W', 'WARN'],
    ['E', 'ERROR'],
    ['F', 'FATAL'],
  ])('klog %s line', (letter, level) => {
    const [line] = parseLogLines(
      `${TS} ${letter}1127 12:00:00.000000       1 controller.go:114] sync failed for "shop/web"`,
      {
        timestamps: true,
      },
    );
    expect(line.level).toBe(level);
    expect(line.message).toBe('sync failed for "shop/web"');
    expect(line.timestamp).toBe(TS);
    expect(line.json).toBeNull();
  });

  it.each([
    ['[ERROR] connection refused', 'ERROR', 'connection refused'],
    ['[warn]: retrying', 'WARN', 'retrying'],
    ['ERROR: config file missing', 'ERROR', 'config file missing'],
    ['Warning: deprecated flag', 'WARN', 'deprecated flag'],
    ['WARNING:root:low memory', 'WARN', 'root:low memory'],
    ['INFO server started on :8080', 'INFO', 'server started on :8080'],
    ['<err> socket closed', 'ERROR', 'socket closed'],
    [
      '2025/06/01 12:00:00 [error] 31#31: *1 upstream timed out',
      'ERROR',
      '2025/06/01 12:00:00 [error] 31#31: *1 upstream timed out',
    ],
    [
      '2025-06-01 12:00:00.000  INFO 1 --- [main] o.s.b.StartupInfoLogger : Started',
      'INFO',
      '2025-06-01 12:00:00.000  INFO 1 --- [main] o.s.b.StartupInfoLogger : Started',
    ],
    [
      '12:00:00.123 [main] FATAL com.shop.App - out of memory',
      'FATAL',
      '12:00:00.123 [main] FATAL com.shop.App - out of memory',
    ],
    ['GET /healthz 200 3ms', null, 'GET /healthz 200 3ms'],
    ['Info about the build follows', null, 'Info about the build follows'],
  ])('plain text %j', (text, level, message) => {
    const [line] = parseLogLines(`${TS} ${text}`, { timestamps: true });
    expect(line.level).toBe(level);
    expect(line.message).toBe(message);
    expect(line.timestamp).toBe(TS);
  });

  it('reads logfmt level and msg', () => {
    const [line] = parseLogLines('time=2025-06-01T12:00:00Z level=warn msg="slow query \\"orders\\"" duration=2.1s', {
      timestamps: false,
    });
    expect(line.level).toBe('WARN');
    expect(line.message).toBe('slow query "orders"');
  });

  it('uses an application timestamp with a zone when the apiserver gave none', () => {
    const [line] = parseLogLines('2025-06-01T14:00:00.250+0200 ERROR payment declined', { timestamps: false });
    expect(line.timestamp).toBe('2025-06-01T12:00:00.250Z');
    expect(line.level).toBe('ERROR');
    expect(line.message).toBe('payment declined');
  });

  it('numbers lines, drops the final newline, handles CRLF and stamps pod and container', () => {
    const lines = parseLogLines(`${TS} first\r\n${TS} second\n`, { timestamps: true, pod: 'web-1', container: 'app' });
    expect(lines.map((line) => [line.line, line.message, line.pod, line.container])).toEqual([
      [1, 'first', 'web-1', 'app'],
      [2, 'second', 'web-1', 'app'],
    ]);
    expect(parseLogLines('', { timestamps: true })).toEqual([]);
  });

  it('leaves a line without the expected prefix intact', () => {
    const [line] = parseLogLines('no timestamp here', { timestamps: true });
    expect(line.timestamp).toBeNull();
    expect(line.message).toBe('no timestamp here');
  });
});

describe('parseLogLines on the lab cluster output', () => {
  // `kubectl logs --timestamps` of the lab's storefront and crash-looping checkout pods.
  const text = [
    '2026-11-27T08:02:30.000000000Z Starting storefront v1.8.2 (commit 4f2c9e1)',
    '2026-11-27T08:02:31.500000000Z [INFO] Loading configuration from /etc/config/app.yaml',
    '2026-11-27T08:02:33.000000000Z {"level":"debug","ts":"2026-11-27T08:00:03.000Z","msg":"config loaded","keys":12}',
    '2026-11-27T08:02:36.000000000Z level=info msg="connected to postgres" host=postgres.payments.svc pool=10',
    '2026-11-27T08:02:37.500000000Z I1127 08:00:07.512345       1 cache.go:88] warm cache: 1204 products',
    '2026-11-27T08:02:40.500000000Z WARN: slow query took 1840ms: SELECT * FROM orders WHERE customer_id = $1',
    '2026-11-27T08:02:43.500000000Z [ERROR] payment authorization failed: upstream timed out after 5s',
    '2026-11-27T08:02:45.000000000Z {"level":"error","ts":"2026-11-27T08:00:15.000Z","msg":"checkout failed","order":"A-10293"}',
    '2026-11-27T08:02:46.500000000Z E1127 08:00:16.100000       1 reflector.go:158] watch of *v1.ConfigMap ended with: too old resource version',
    "2026-11-27T08:01:19.500000000Z Error: ENOENT: no such file or directory, open '/etc/config/checkout.yaml'",
    '2026-11-27T08:01:21.000000000Z     at Object.openSync (node:fs:573:18)',
    '2026-11-27T08:01:25.500000000Z [FATAL] exiting with code 1',
    '',
  ].join('\n');

  it('finds the level and message of every line', () => {
    expect(parseLogLines(text, { timestamps: true }).map((line) => [line.level, line.message])).toEqual([
      [null, 'Starting storefront v1.8.2 (commit 4f2c9e1)'],
      ['INFO', 'Loading configuration from /etc/config/app.yaml'],
      ['DEBUG', 'config loaded'],
      ['INFO', 'connected to postgres'],
      ['INFO', 'warm cache: 1204 products'],
      ['WARN', 'slow query took 1840ms: SELECT * FROM orders WHERE customer_id = $1'],
      ['ERROR', 'payment authorization failed: upstream timed out after 5s'],
      ['ERROR', 'checkout failed'],
      ['ERROR', 'watch of *v1.ConfigMap ended with: too old resource version'],
      ['ERROR', "ENOENT: no such file or directory, open '/etc/config/checkout.yaml'"],
      [null, '    at Object.openSync (node:fs:573:18)'],
      ['FATAL', 'exiting with code 1'],
    ]);
  });
});

describe('normaliseLogLevel', () => {
  it.each([
    ['warning', 'WARN'],
    ['WARN', 'WARN'],
    ['err', 'ERROR'],
    ['critical', 'FATAL'],
    ['fatal', 'FATAL'],
    ['panic', 'FATAL'],
    ['notice', 'INFO'],
    ['trace', 'TRACE'],
    [10, 'TRACE'],
    [20, 'DEBUG'],
    ['30', 'INFO'],
    [60, 'FATAL'],
    [3, null],
    ['verbose', 'DEBUG'],
    ['nonsense', null],
    [null, null],
  ])('%j → %s', (input, expected) => {
    expect(normaliseLogLevel(input)).toBe(expected);
  });
});
