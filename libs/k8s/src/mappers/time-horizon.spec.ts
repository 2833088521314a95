import { humanDuration, untilNextChange, withTimeHorizon } from './time';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('untilNextChange', () => {
  it.each([
    [0, S],
    [45_300, 700],
    [9 * M + 59 * S + 500, 500],
    [10 * M, M],
    [3 * H + 20 * M + 10 * S, 50 * S],
    [8 * H + 5 * M, 55 * M],
    [8 * D + 3 * H, 21 * H],
  ])('after %i ms the printed age changes in %i ms', (elapsed, wait) => {
    expect(untilNextChange(elapsed)).toBe(wait);
    // The age printed just before the change differs from the one printed at it.
    expect(humanDuration(elapsed + wait - 1)).toBe(humanDuration(elapsed));
    expect(humanDuration(elapsed + wait)).not.toBe(humanDuration(elapsed));
  });
});

describe('withTimeHorizon', () => {
  it('reports the shortest time until any duration the mapping printed changes', () => {
    const { value, validForMs } = withTimeHorizon(() => [humanDuration(3 * D), humanDuration(90 * S + 250)]);
    expect(value).toEqual(['3d', '90s']);
    expect(validForMs).toBe(750);
  });

  it('is unbounded for a mapping that printed no duration, and nests', () => {
    expect(withTimeHorizon(() => 1).validForMs).toBe(Number.POSITIVE_INFINITY);
    const outer = withTimeHorizon(() => {
      humanDuration(20 * M);
      return withTimeHorizon(() => humanDuration(5 * S)).validForMs;
    });
    expect(outer.value).toBe(S);
    expect(outer.validForMs).toBe(S);
  });
});
