import { humanDuration, since, toDate, toIso } from './time';

const MS = 1;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  // The boundary table of apimachinery's own duration_test.go, at millisecond precision.
  it.each([
    [-2 * SECOND, '<invalid>'],
    [-2 * SECOND + 1, '0s'],
    [0, '0s'],
    [SECOND - MS, '0s'],
    [SECOND, '1s'],
    [70 * SECOND, '70s'],
    [2 * MINUTE - MS, '119s'],
    [2 * MINUTE, '2m'],
    [2 * MINUTE + SECOND, '2m1s'],
    [190 * SECOND, '3m10s'],
    [10 * MINUTE - MS, '9m59s'],
    [10 * MINUTE, '10m'],
    [10 * MINUTE + SECOND, '10m'],
    [70 * MINUTE, '70m'],
    [3 * HOUR - MS, '179m'],
    [3 * HOUR, '3h'],
    [3 * HOUR + MINUTE, '3h1m'],
    [8 * HOUR - MS, '7h59m'],
    [8 * HOUR, '8h'],
    [8 * HOUR + 59 * MINUTE, '8h'],
    [47 * HOUR, '47h'],
    [2 * DAY - MS, '47h'],
    [2 * DAY, '2d'],
    [2 * DAY + HOUR, '2d1h'],
    [49 * HOUR, '2d1h'],
    [8 * DAY - MS, '7d23h'],
    [8 * DAY, '8d'],
    [8 * DAY + 23 * HOUR, '8d'],
    [367 * DAY, '367d'],
    [2 * YEAR - MS, '729d'],
    [2 * YEAR, '2y'],
    [2 * YEAR + 23 * HOUR + 59 * MINUTE, '2y'],
    [2 * YEAR + DAY - MS, '2y'],
    [2 * YEAR + DAY, '2y1d'],
    [2 * YEAR + 25 * HOUR, '2y1d'],
    [3 * YEAR, '3y'],
    [7 * YEAR, '7y'],
    [8 * YEAR - MS, '7y364d'],
    [8 * YEAR, '8y'],
    [8 * YEAR + 364 * DAY, '8y'],
    [9 * YEAR, '9y'],
  ])('%i ms → %s', (milliseconds, expected) => {
    expect(humanDuration(milliseconds)).toBe(expected);
  });
});

describe('timestamps', () => {
  const now = new Date('2025-06-01T12:00:00Z');

  it('reads Date objects and ISO strings alike', () => {
    expect(since(new Date('2025-06-01T11:56:40Z'), now)).toBe('3m20s');
    expect(since('2025-06-01T11:56:40Z', now)).toBe('3m20s');
  });

  it('accepts RFC3339Nano fractions and offsets', () => {
    expect(toIso('2025-06-01T11:59:59.123456789Z')).toBe('2025-06-01T11:59:59.123Z');
    expect(toIso('2025-06-01T13:00:00+01:00')).toBe('2025-06-01T12:00:00.000Z');
  });

  it('gives <unknown> without a timestamp, as kubectl does', () => {
    expect(since(undefined, now)).toBe('<unknown>');
    expect(since('not a date', now)).toBe('<unknown>');
    expect(toDate('')).toBeNull();
  });
});
