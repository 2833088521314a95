import { Prng, seedOf } from './random';
import { goDuration, MINUTE, SECOND } from './time';

/**
 * What a container does over time. Container states are a pure function of the behaviour, the time the
 * container could first start and "now", so the simulation can be rendered at any instant and advancing
 * the clock is just rendering again.
 */
export type Behaviour =
  /** Runs until deleted. */
  | { type: 'run'; probeTimeouts?: ProbeTimeouts }
  /** Exits after `runSeconds` every time; the kubelet restarts it with its crash-loop back-off. */
  | {
      type: 'crash';
      runSeconds: number;
      exitCode: number;
      reason: 'Error' | 'OOMKilled';
      probeTimeouts?: ProbeTimeouts;
    }
  /** The image cannot be pulled; the kubelet retries with the same back-off. */
  | { type: 'pullFail'; error: string }
  /** Never finishes (used for an init container blocking its pod). */
  | { type: 'block' }
  /** Runs `runSeconds` once and exits (Job pods, init containers). */
  | { type: 'finish'; runSeconds: number; exitCode: number };

/**
 * A readiness probe that times out now and then once the container is ready, more often the longer the run
 * has lasted (a heap filling up, GC pauses growing): the chance of a probe failing is
 * `min(max, start + perMinute × minutes since the run started)`.
 */
export interface ProbeTimeouts {
  start: number;
  perMinute: number;
  max: number;
}

/** The container's readiness probe as the kubelet runs it; `seed` makes its outcomes the container's own. */
export interface ReadinessProbe {
  periodMs: number;
  failureThreshold: number;
  successThreshold: number;
  seed: number;
}

/** Failed readiness probes, aggregated like the kubelet's Unhealthy event. */
export interface ProbeFailures {
  count: number;
  first: number;
  last: number;
}

/** One run of a container, as a container runtime records it. */
export interface Instance {
  index: number;
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
}

export type ContainerState =
  | { kind: 'waiting'; reason: string; message?: string }
  | { kind: 'running'; instance: Instance }
  | { kind: 'terminated'; instance: Instance };

export interface ContainerTimeline {
  state: ContainerState;
  /** `lastState.terminated`. */
  last?: Instance;
  restartCount: number;
  ready: boolean;
  /** Every run that has started, oldest first. */
  instances: Instance[];
  /** When each failed image pull happened. */
  pullFailures: number[];
  /** Periods spent in CrashLoopBackOff or ImagePullBackOff (for the kubelet's BackOff events). */
  backoffs: { start: number; end: number }[];
  /** When the container became ready (if it is). */
  readySince?: number;
  /** When a running container's readiness last flipped because of its probe (it went unready, or back). */
  readinessChangedAt?: number;
  /** Readiness probes that timed out over every run so far ({@link ProbeTimeouts}). */
  probeFailures?: ProbeFailures;
}

const BACKOFF_INITIAL = 10 * SECOND;
const BACKOFF_MAX = 5 * MINUTE;
/** A container that ran this long resets the back-off, as the kubelet forgets old back-off entries. */
const BACKOFF_RESET = 10 * MINUTE;
/** How long a fresh failure shows before the kubelet's next sync turns it into a back-off. */
export const FAILURE_VISIBLE = 5 * SECOND;

export function backoffDelay(attempt: number, lastRunMs = 0): number {
  if (lastRunMs >= BACKOFF_RESET) return BACKOFF_INITIAL;
  return Math.min(BACKOFF_INITIAL * 2 ** attempt, BACKOFF_MAX);
}

export interface TimelineInput {
  behaviour: Behaviour;
  /** When the container could first start (image present, sandbox and init done); null: never. */
  firstStart: number | null;
  /** The reason shown while waiting for `firstStart`. */
  pendingReason: string;
  readyMs: number;
  now: number;
  /** The readiness probe, for behaviours whose probe times out now and then. */
  probe?: ReadinessProbe;
  /** For the kubelet's back-off message. */
  podRef: string;
  containerName: string;
  image: string;
}

/** The container's status at `now`. */
export function containerTimeline(input: TimelineInput): ContainerTimeline {
  const { behaviour, firstStart, now, readyMs } = input;
  const empty: ContainerTimeline = {
    state: { kind: 'waiting', reason: input.pendingReason },
    restartCount: 0,
    ready: false,
    instances: [],
    pullFailures: [],
    backoffs: [],
  };
  if (firstStart === null || now < firstStart) return empty;

  switch (behaviour.type) {
    case 'run':
    case 'block': {
      const instance = { index: 0, startedAt: firstStart };
      const ready = now >= firstStart + readyMs;
      const running: ContainerTimeline = {
        ...empty,
        state: { kind: 'running', instance },
        instances: [instance],
        ready,
        readySince: ready ? firstStart + readyMs : undefined,
      };
      return behaviour.type === 'run' ? withProbeTimeouts(running, input, behaviour.probeTimeouts) : running;
    }
    case 'finish': {
      const end = firstStart + behaviour.runSeconds * SECOND;
      const instance: Instance = { index: 0, startedAt: firstStart };
      if (now < end) {
        const ready = now >= firstStart + readyMs;
        return { ...empty, state: { kind: 'running', instance }, instances: [instance], ready };
      }
      instance.finishedAt = end;
      instance.exitCode = behaviour.exitCode;
      instance.reason = behaviour.exitCode === 0 ? 'Completed' : 'Error';
      return { ...empty, state: { kind: 'terminated', instance }, instances: [instance] };
    }
    case 'pullFail': {
      const failures: number[] = [];
      const backoffs: { start: number; end: number }[] = [];
      let attempt = firstStart;
      for (let i = 0; attempt <= now; i++) {
        failures.push(attempt);
        const next = attempt + backoffDelay(i);
        backoffs.push({ start: attempt + FAILURE_VISIBLE, end: Math.min(next, now) });
        attempt = next;
      }
      const lastFailure = failures[failures.length - 1];
      const fresh = now < lastFailure + FAILURE_VISIBLE;
      if (fresh) backoffs.pop();
      return {
        ...empty,
        pullFailures: failures,
        backoffs: backoffs.filter((b) => b.end > b.start),
        state: fresh
          ? { kind: 'waiting', reason: 'ErrImagePull', message: behaviour.error }
          : {
              kind: 'waiting',
              reason: 'ImagePullBackOff',
              message: `Back-off pulling image "${input.image}": ErrImagePull: ${behaviour.error}`,
            },
      };
    }
    case 'crash':
      return withProbeTimeouts(crashTimeline(input, behaviour, empty), input, behaviour.probeTimeouts);
  }
}

/** Outcome of one run's readiness probes from the moment it became ready. */
interface ProbedRun {
  ready: boolean;
  /** The last readiness flip (or when it became ready, if it never flipped). */
  changedAt: number;
  failures: ProbeFailures | null;
}

/** Finished runs never change; their probe outcomes are kept (statuses are re-rendered on every step). */
const probedRuns = new Map<string, ProbedRun>();
const PROBED_RUNS_KEPT = 20_000;

/**
 * The kubelet's prober over one run: a probe every period from `readyAt` (exclusive) through `until`
 * (inclusive); `failureThreshold` failures in a row make the container unready, `successThreshold`
 * successes in a row ready again. Each outcome is a pure function of the probe's seed, the run and the
 * probe's number.
 */
function probeRun(
  timeouts: ProbeTimeouts,
  probe: ReadinessProbe,
  instance: Instance,
  readyAt: number,
  until: number,
): ProbedRun {
  const finished = instance.finishedAt !== undefined && until >= instance.finishedAt - 1;
  const key = finished
    ? [
        probe.seed,
        probe.periodMs,
        probe.failureThreshold,
        probe.successThreshold,
        timeouts.start,
        timeouts.perMinute,
        timeouts.max,
        instance.startedAt,
        readyAt,
        until,
      ].join('/')
    : '';
  const known = finished ? probedRuns.get(key) : undefined;
  if (known) return known;
  let ready = true;
  let changedAt = readyAt;
  let failedInRow = 0;
  let passedInRow = 0;
  let failures: ProbeFailures | null = null;
  const period = Math.max(SECOND, probe.periodMs);
  for (let n = 1, at = readyAt + period; at <= until; n++, at += period) {
    const minutes = (at - instance.startedAt) / MINUTE;
    const chance = Math.min(timeouts.max, timeouts.start + timeouts.perMinute * minutes);
    if (new Prng(seedOf(probe.seed, instance.startedAt, n)).next() < chance) {
      failures = failures
        ? { count: failures.count + 1, first: failures.first, last: at }
        : { count: 1, first: at, last: at };
      failedInRow++;
      passedInRow = 0;
      if (ready && failedInRow >= probe.failureThreshold) {
        ready = false;
        changedAt = at;
      }
    } else {
      passedInRow++;
      failedInRow = 0;
      if (!ready && passedInRow >= probe.successThreshold) {
        ready = true;
        changedAt = at;
      }
    }
  }
  const run = { ready, changedAt, failures };
  if (finished) {
    if (probedRuns.size >= PROBED_RUNS_KEPT) probedRuns.clear();
    probedRuns.set(key, run);
  }
  return run;
}

/** Lays the probe's timeouts over a timeline: readiness of the running run, failures of every run. */
function withProbeTimeouts(
  timeline: ContainerTimeline,
  input: TimelineInput,
  timeouts: ProbeTimeouts | undefined,
): ContainerTimeline {
  const probe = input.probe;
  if (!timeouts || !probe) return timeline;
  let failures: ProbeFailures | null = null;
  let current: ProbedRun | null = null;
  for (const instance of timeline.instances) {
    const readyAt = instance.startedAt + input.readyMs;
    const end = instance.finishedAt !== undefined ? instance.finishedAt - 1 : input.now;
    if (readyAt > end) continue;
    const run = probeRun(timeouts, probe, instance, readyAt, Math.min(end, input.now));
    if (run.failures) {
      failures = failures
        ? { count: failures.count + run.failures.count, first: failures.first, last: run.failures.last }
        : run.failures;
    }
    const state = timeline.state;
    if (state.kind === 'running' && state.instance.index === instance.index) current = run;
  }
  const out: ContainerTimeline = failures ? { ...timeline, probeFailures: failures } : { ...timeline };
  if (current && timeline.ready) {
    out.ready = current.ready;
    out.readySince = current.ready ? current.changedAt : undefined;
    out.readinessChangedAt = current.changedAt;
  }
  return out;
}

function crashTimeline(
  input: TimelineInput,
  behaviour: Extract<Behaviour, { type: 'crash' }>,
  empty: ContainerTimeline,
): ContainerTimeline {
  const { now, readyMs } = input;
  const runMs = behaviour.runSeconds * SECOND;
  const instances: Instance[] = [];
  const backoffs: { start: number; end: number }[] = [];
  let start = input.firstStart ?? now;
  for (let i = 0; ; i++) {
    const end = start + runMs;
    const instance: Instance = { index: i, startedAt: start };
    instances.push(instance);
    const previous = instances[i - 1];
    if (now < end) {
      const ready = runMs > readyMs && now >= start + readyMs;
      return {
        ...empty,
        state: { kind: 'running', instance },
        last: previous,
        restartCount: i,
        ready,
        readySince: ready ? start + readyMs : undefined,
        instances,
        backoffs,
      };
    }
    instance.finishedAt = end;
    instance.exitCode = behaviour.exitCode;
    instance.reason = behaviour.reason;
    const delay = backoffDelay(i, runMs);
    const next = end + delay;
    if (now < next) {
      if (now < end + FAILURE_VISIBLE) {
        return {
          ...empty,
          state: { kind: 'terminated', instance },
          last: previous,
          restartCount: i,
          instances,
          backoffs,
        };
      }
      backoffs.push({ start: end + FAILURE_VISIBLE, end: now });
      return {
        ...empty,
        state: {
          kind: 'waiting',
          reason: 'CrashLoopBackOff',
          message: `back-off ${goDuration(delay)} restarting failed container=${input.containerName} pod=${input.podRef}`,
        },
        last: instance,
        restartCount: i + 1,
        instances,
        backoffs,
      };
    }
    backoffs.push({ start: end + FAILURE_VISIBLE, end: next });
    start = next;
  }
}
