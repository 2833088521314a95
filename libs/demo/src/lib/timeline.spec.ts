import { containerTimeline, type Behaviour, type ReadinessProbe, type TimelineInput } from './timeline';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const S = 1000;

const input = (behaviour: Behaviour, now: number, probe?: ReadinessProbe): TimelineInput => ({
  behaviour,
  firstStart: T0,
  pendingReason: 'ContainerCreating',
  readyMs: 5 * S,
  now,
  ...(probe ? { probe } : {}),
  podRef: 'p_ns(uid)',
  containerName: 'app',
  image: 'app:1',
});

const probe: ReadinessProbe = { periodMs: 10 * S, failureThreshold: 3, successThreshold: 1, seed: 42 };
const always = { start: 1, perMinute: 0, max: 1 };
const never = { start: 0, perMinute: 0, max: 0 };

describe('readiness probes that time out', () => {
  it('turns a running container unready after failureThreshold failures in a row, and counts every failure', () => {
    const behaviour: Behaviour = { type: 'run', probeTimeouts: always };
    const readyAt = T0 + 5 * S;
    const before = containerTimeline(input(behaviour, readyAt + 29 * S, probe));
    expect(before.ready).toBe(true);
    expect(before.probeFailures).toEqual({ count: 2, first: readyAt + 10 * S, last: readyAt + 20 * S });
    const after = containerTimeline(input(behaviour, readyAt + 30 * S, probe));
    expect(after.ready).toBe(false);
    expect(after.readySince).toBeUndefined();
    expect(after.readinessChangedAt).toBe(readyAt + 30 * S);
    expect(after.probeFailures).toEqual({ count: 3, first: readyAt + 10 * S, last: readyAt + 30 * S });
  });

  it('changes nothing when the probe never times out, or when the container has no probe', () => {
    const plain = containerTimeline(input({ type: 'run' }, T0 + 600 * S, probe));
    const calm = containerTimeline(input({ type: 'run', probeTimeouts: never }, T0 + 600 * S, probe));
    expect(calm.ready).toBe(true);
    expect(calm.readySince).toBe(plain.readySince);
    expect(calm.probeFailures).toBeUndefined();
    const unprobed = containerTimeline(input({ type: 'run', probeTimeouts: always }, T0 + 600 * S));
    expect(unprobed).toEqual(plain);
  });

  it('flaps more as a run ages, sums failures over every run of a crash loop, and answers the same twice', () => {
    const behaviour: Behaviour = {
      type: 'crash',
      runSeconds: 700,
      exitCode: 137,
      reason: 'OOMKilled',
      probeTimeouts: { start: 0.1, perMinute: 0.05, max: 0.6 },
    };
    const fast: ReadinessProbe = { periodMs: 5 * S, failureThreshold: 1, successThreshold: 1, seed: 7 };
    const at = (now: number) => containerTimeline(input(behaviour, now, fast));
    const firstRun = at(T0 + 699 * S);
    const early = at(T0 + 180 * S).probeFailures?.count ?? 0;
    const late = (firstRun.probeFailures?.count ?? 0) - (at(T0 + 520 * S).probeFailures?.count ?? 0);
    // Three early minutes against the last three of the run.
    expect(late).toBeGreaterThan(early);
    const later = at(T0 + 3000 * S);
    expect(later.restartCount).toBeGreaterThan(2);
    expect(later.probeFailures?.count).toBeGreaterThan((firstRun.probeFailures?.count ?? 0) * 2);
    expect(later.probeFailures?.first).toBe(firstRun.probeFailures?.first);
    expect(at(T0 + 3000 * S)).toEqual(later);
    const flips = new Set<boolean>();
    for (let s = 400; s < 690; s += 5) flips.add(at(T0 + s * S).ready);
    expect(flips).toEqual(new Set([true, false]));
  });
});
