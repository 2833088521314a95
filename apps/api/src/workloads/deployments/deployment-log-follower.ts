import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { ErrorEnvelope } from '@orphelix/contract';
import { type ClusterPort, isClusterError, isGone, isOwnedBy, type LogOptions, type WatchEvent } from '@orphelix/k8s';
import { Observable, type Subscriber, type Subscription } from 'rxjs';
import { toErrorResponse } from '../../common/errors/error-response';
import type { SseFrame } from '../../common/sse/sse';
import { streamedLines } from '../../pods/log-stream';

/** The deployment whose pods are followed, as checked before streaming. */
export interface DeploymentLogTarget {
  context: string;
  name: string;
  namespace: string;
  uid: string;
  /** The deployment's selector in `labelSelector` syntax. */
  labelSelector: string;
  /** The one container to follow in every pod; `null`: every container of each pod. */
  container: string | null;
}

export interface FollowOptions {
  /** Where the pods running at the start begin (pods that start later are followed from their first line). */
  tailLines: number;
  sinceSeconds?: number;
  /** Keep the apiserver's timestamp prefix in each line's `raw`. */
  timestamps: boolean;
  /** Put in the `error` events of single pods. */
  requestId: string;
}

/** The pods found before streaming, and which ReplicaSets (by uid) the deployment owns. */
export interface FollowStart {
  pods: V1Pod[];
  resourceVersion: string;
  ownedReplicaSets: Map<string, boolean>;
}

export interface FollowTiming {
  /** Delays before relisting after consecutive watch failures (the last one repeats). */
  retryMs: readonly number[];
  /** A watch that ends sooner than this after it started is resumed only after this long. */
  minWatchMs: number;
}

export const DEFAULT_FOLLOW_TIMING: FollowTiming = {
  retryMs: [500, 1000, 2000, 5000, 10_000, 30_000],
  minWatchMs: 1000,
};

/** What ends the whole stream when the watch fails with it; anything else is retried by relisting. */
function isFatal(error: unknown): boolean {
  if (!isClusterError(error)) return true;
  return (
    ['FORBIDDEN', 'UNAUTHENTICATED', 'CONTEXT_NOT_FOUND', 'NOT_FOUND', 'VALIDATION_ERROR'].includes(error.code) &&
    !isGone(error)
  );
}

/**
 * Which run of a container the status describes, or `null` when it never started (no log to read).
 * The same run keeps the same id while running, terminated, and waiting to restart after it.
 */
export function containerInstance(status: V1ContainerStatus | undefined): string | null {
  if (!status) return null;
  const current = status.state?.running ?? status.state?.terminated;
  if (current) return status.containerID || `run:${String(current.startedAt ?? '')}:${status.restartCount}`;
  const last = status.lastState?.terminated;
  if (last)
    return last.containerID || status.containerID || `run:${String(last.startedAt ?? '')}:${status.restartCount}`;
  return null;
}

/** The controller reference of a pod when it is a ReplicaSet. */
function replicaSetOf(pod: V1Pod): { uid: string; name: string } | null {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'ReplicaSet');
  return ref ? { uid: ref.uid, name: ref.name } : null;
}

interface Stream {
  subscription: Subscription | null;
}

/**
 * `kubectl logs -f` for every pod of a deployment, merged: a `log` event per line with its pod and
 * container. Pods are learnt from a watch (label selector, then ownership through the deployment's
 * ReplicaSets): a pod's containers are followed once they run (from their first line, except for the
 * pods running at the start, which begin at `tailLines`), a deleted pod's streams end, and a watch
 * that ends is resumed from its last resourceVersion, one that fails is replaced after a relist. A
 * single pod's log failing is an `error` event naming the pod and container; the stream goes on.
 */
export function followDeploymentLogs(
  port: ClusterPort,
  target: DeploymentLogTarget,
  start: FollowStart,
  options: FollowOptions,
  timing: FollowTiming = DEFAULT_FOLLOW_TIMING,
): Observable<SseFrame> {
  return new Observable<SseFrame>((subscriber) => {
    const follower = new DeploymentLogFollower(port, target, options, timing, subscriber, start.ownedReplicaSets);
    follower.start(start);
    return () => follower.close();
  });
}

class DeploymentLogFollower {
  /** Pods of the deployment (and pods whose ReplicaSet is still being looked up), by name. */
  private readonly pods = new Map<string, V1Pod>();
  /** Open streams, by `pod/container`. */
  private readonly streams = new Map<string, Stream>();
  /** Runs already streamed (or streaming), by `pod/container@run`. */
  private readonly streamed = new Set<string>();
  private readonly lookingUp = new Set<string>();
  private watch: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private resourceVersion = '';
  private failures = 0;
  private closed = false;

  constructor(
    private readonly port: ClusterPort,
    private readonly target: DeploymentLogTarget,
    private readonly options: FollowOptions,
    private readonly timing: FollowTiming,
    private readonly subscriber: Subscriber<SseFrame>,
    private readonly owned: Map<string, boolean>,
  ) {}

  start(start: FollowStart): void {
    for (const pod of start.pods) this.upsert(pod, true);
    this.watchFrom(start.resourceVersion);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.watch?.unsubscribe();
    for (const stream of this.streams.values()) stream.subscription?.unsubscribe();
    this.streams.clear();
  }

  /** A pod as last seen: follows every container run not followed yet. */
  private upsert(pod: V1Pod, atStart: boolean): void {
    const name = pod.metadata?.name;
    if (!name || this.closed) return;
    const owned = this.ownership(pod);
    if (owned === false) {
      this.remove(name);
      return;
    }
    this.pods.set(name, pod);
    if (owned === 'unknown') return;
    const containers = this.target.container
      ? [this.target.container]
      : (pod.spec?.containers ?? []).map((c) => c.name);
    const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
    for (const container of containers) {
      const run = containerInstance(statuses.find((s) => s.name === container));
      if (run === null) continue;
      const key = `${name}/${container}`;
      const runKey = `${key}@${run}`;
      if (this.streamed.has(runKey)) continue;
      this.streamed.add(runKey);
      // A stream of the run before (a restart) may still be open: the new run replaces it.
      this.streams.get(key)?.subscription?.unsubscribe();
      this.follow(
        name,
        container,
        runKey,
        atStart ? { tailLines: this.options.tailLines, sinceSeconds: this.options.sinceSeconds } : {},
      );
    }
  }

  private follow(
    pod: string,
    container: string,
    runKey: string,
    from: Pick<LogOptions, 'tailLines' | 'sinceSeconds'>,
  ): void {
    const key = `${pod}/${container}`;
    const stream: Stream = { subscription: null };
    this.streams.set(key, stream);
    const ended = (): void => {
      if (this.streams.get(key) === stream) this.streams.delete(key);
    };
    const chunks = this.port.followPodLogs(this.target.context, this.target.namespace, pod, {
      container,
      timestamps: true,
      ...from,
    });
    const subscription = streamedLines(chunks, { pod, container }, this.options.timestamps).subscribe({
      next: (line) => this.subscriber.next({ event: 'log', data: line }),
      complete: ended,
      error: (error: unknown) => {
        ended();
        // The pod went away meanwhile: its stream simply ends.
        if (isClusterError(error) && error.code === 'NOT_FOUND') return;
        // Not started after all (a status older than the kubelet's): the next change of the pod retries.
        if (isClusterError(error) && error.code === 'VALIDATION_ERROR') {
          this.streamed.delete(runKey);
          return;
        }
        const { envelope } = toErrorResponse(error, this.options.requestId);
        const data: ErrorEnvelope = { ...envelope, details: { ...envelope.details, pod, container } };
        this.subscriber.next({ event: 'error', data });
      },
    });
    if (this.streams.get(key) === stream) stream.subscription = subscription;
  }

  /** A pod gone (deleted, or no longer matching): its streams end. */
  private remove(name: string): void {
    this.pods.delete(name);
    for (const [key, stream] of [...this.streams]) {
      if (key.startsWith(`${name}/`)) {
        stream.subscription?.unsubscribe();
        this.streams.delete(key);
      }
    }
  }

  /**
   * Whether the deployment owns the pod, through one of its ReplicaSets. A ReplicaSet created after
   * the start (a rollout) is looked up once; its pods are followed when the answer comes.
   */
  private ownership(pod: V1Pod): boolean | 'unknown' {
    const rs = replicaSetOf(pod);
    if (!rs) return false;
    const known = this.owned.get(rs.uid);
    if (known !== undefined) return known;
    if (!this.lookingUp.has(rs.uid)) {
      this.lookingUp.add(rs.uid);
      this.port.get(this.target.context, 'replicasets', rs.name, this.target.namespace).then(
        (replicaSet) =>
          this.learnt(rs.uid, replicaSet.metadata?.uid === rs.uid && isOwnedBy(replicaSet, this.target.uid)),
        (error: unknown) =>
          this.learnt(rs.uid, isClusterError(error) && error.code === 'NOT_FOUND' ? false : undefined),
      );
    }
    return 'unknown';
  }

  private learnt(uid: string, owned: boolean | undefined): void {
    this.lookingUp.delete(uid);
    if (this.closed || owned === undefined) return;
    this.owned.set(uid, owned);
    for (const pod of [...this.pods.values()]) if (replicaSetOf(pod)?.uid === uid) this.upsert(pod, false);
  }

  private watchFrom(resourceVersion: string): void {
    if (this.closed) return;
    this.resourceVersion = resourceVersion;
    const startedAt = Date.now();
    let done = false;
    const watch = this.port
      .watch(this.target.context, 'pods', {
        namespace: this.target.namespace,
        resourceVersion,
        labelSelector: this.target.labelSelector,
      })
      .subscribe({
        next: (event: WatchEvent<V1Pod>) => this.onEvent(event),
        complete: () => {
          done = true;
          // Resumed from the last resourceVersion seen; a watch that keeps ending at once is not hammered.
          const wait = this.timing.minWatchMs - (Date.now() - startedAt);
          this.later(() => this.watchFrom(this.resourceVersion), Math.max(0, wait));
        },
        error: (error: unknown) => {
          done = true;
          this.failed(error);
        },
      });
    this.watch = done ? null : watch;
  }

  private onEvent(event: WatchEvent<V1Pod>): void {
    const rv = event.object?.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    this.failures = 0;
    if (event.type === 'BOOKMARK') return;
    const name = event.object?.metadata?.name;
    if (event.type === 'DELETED') {
      if (name) this.remove(name);
    } else {
      this.upsert(event.object, false);
    }
  }

  /** The watch failed: relist (at once when the resourceVersion is too old, after a backoff otherwise). */
  private failed(error: unknown): void {
    this.watch = null;
    if (isFatal(error)) {
      this.subscriber.error(error);
      return;
    }
    const delay = isGone(error)
      ? 0
      : (this.timing.retryMs[Math.min(this.failures, this.timing.retryMs.length - 1)] ?? 1000);
    this.failures += 1;
    this.later(() => this.relist(), delay);
  }

  private relist(): void {
    this.port
      .list(this.target.context, 'pods', { namespace: this.target.namespace, labelSelector: this.target.labelSelector })
      .then(
        ({ items, resourceVersion }) => {
          if (this.closed) return;
          const present = new Set(items.map((pod) => pod.metadata?.name));
          for (const name of [...this.pods.keys()]) if (!present.has(name)) this.remove(name);
          for (const pod of items) this.upsert(pod, false);
          this.watchFrom(resourceVersion ?? this.resourceVersion);
        },
        (error: unknown) => {
          if (!this.closed) this.failed(error);
        },
      );
  }

  private later(run: () => void, ms: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      run();
    }, ms);
  }
}
