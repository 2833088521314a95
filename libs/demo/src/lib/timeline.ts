import { goDuration, MINUTE, SECOND } from './time';

/**
 * What a container does over time. Container states are a pure function of the behaviour, the time the
 * container could first start and "now", so the simulation can be rendered at any instant and advancing
 * the clock is just rendering again.
 */
export type Behaviour =
  /** Runs until deleted. */
  | { type: 'run' }
  /** Exits after `runSeconds` every time; the kubelet restarts it with its crash-loop back-off. */
  | { type: 'crash'; runSeconds: number; exitCode: number; reason: 'Error' | 'OOMKilled' }
  /** The image cannot be pulled; the kubelet retries with the same back-off. */
  | { type: 'pullFail'; error: string }
  /** Never finishes (used for an init container blocking its pod). */
  | { type: 'block' }
  /** Runs `runSeconds` once and exits (Job pods, init containers). */
  | { type: 'finish'; runSeconds: number; exitCode: number };

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
      return {
        ...empty,
        state: { kind: 'running', instance },
        instances: [instance],
        ready,
        readySince: ready ? firstStart + readyMs : undefined,
      };
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
      return crashTimeline(input, behaviour, empty);
  }
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
