import type { CoreV1Event, KubernetesObject, V1Pod } from '@kubernetes/client-node';
import {
  apiVersionOf,
  ClusterError,
  contextNotFound,
  gone,
  isKindName,
  KINDS,
  notFound,
  type AnyKubeObject,
  type ClusterPort,
  type ContextInfo,
  type FollowLogOptions,
  type KindName,
  type KindObjectMap,
  type ListOptions,
  type ListPage,
  type ListPageOptions,
  type ListResult,
  type LogOptions,
  type ObjectRef,
  type RestartResult,
  type ServerVersion,
  type WatchEvent,
  type WatchOptions,
} from '@orphelix/k8s';
import { Observable } from 'rxjs';
import { deepCopy } from './copy';
import { buildInventory } from './inventory';
import { formatLogLines, runLogs, type LogContext, type LogProfile } from './logs';
import { ListSnapshots, type PagePosition } from './paging';
import {
  fieldMatcher,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type LabelRequirement,
} from './selectors';
import { Simulation } from './simulation';
import type { ChangeRecord } from './store';
import { Ticker } from './ticker';
import { MINUTE, rfc3339, SECOND } from './time';
import type { Instance } from './timeline';

/** Options of the simulated cluster. */
export interface DemoClusterOptions {
  /** Seeds names, uids and every random detail; the same seed and clock give the same cluster. */
  seed?: number;
  /** The clock the simulation follows; defaults to the system clock. */
  now?: () => Date;
  /**
   * While a watch or a followed log is open: how often (wall-clock ms, default 1000) the one shared timer
   * advances the simulation to `now()` and delivers what changed.
   */
  tickMs?: number;
  /** A watch that delivered nothing for this long (by `now()`, default 10 s) sends a BOOKMARK. */
  bookmarkMs?: number;
  /** How long (by `now()`, default 5 min, etcd's compaction interval) a paged LIST's `continue` token lives. */
  continueTtlMs?: number;
  /** How many paged LISTs keep their snapshot at once (default 32); beyond, the oldest token expires. */
  maxContinueSnapshots?: number;
}

const DEFAULT_TICK_MS = SECOND;
const DEFAULT_BOOKMARK_MS = 10 * SECOND;
const DEFAULT_CONTINUE_TTL_MS = 5 * MINUTE;
const DEFAULT_CONTINUE_SNAPSHOTS = 32;

/** Where a log stream stands: which run of which container, and up to when its lines were sent. */
interface LogCursor {
  uid: string;
  container: string;
  profile: LogProfile;
  ctx: LogContext;
  /** Index of the followed run in the container's timeline. */
  run: number;
  /** Every line written before this instant has been sent. */
  sentUntil: number;
  /** The run had ended by then: nothing more will come. */
  ended: boolean;
}

/** The only context of the simulated cluster. */
export const DEMO_CONTEXT = 'demo';
const DEFAULT_SEED = 20_251_127;

const invalid = (field: string, message: string): ClusterError =>
  new ClusterError('VALIDATION_ERROR', message, { fields: [{ field, message }] });

const byNamespaceThenName = (a: KubernetesObject, b: KubernetesObject): number =>
  (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '') ||
  (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');

const eventTime = (e: CoreV1Event): number =>
  (e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp)?.getTime() ?? 0;

/**
 * The {@link ClusterPort} of demo mode: a deterministic, in-memory Kubernetes cluster that behaves like a
 * small, somewhat broken production cluster. Objects are client-node model objects; reads return copies.
 *
 * The simulation follows the clock given in the options: every call first advances it to "now", so
 * crash-looping containers keep restarting, rollouts progress and events accumulate as time passes.
 */
export class DemoCluster implements ClusterPort {
  readonly mode = 'demo' as const;
  private readonly sim: Simulation;
  private readonly clock: () => Date;
  private readonly ticker: Ticker;
  private readonly bookmarkMs: number;
  private readonly snapshots: ListSnapshots<AnyKubeObject>;

  constructor(options: DemoClusterOptions = {}) {
    const positive = (name: keyof DemoClusterOptions, value: number | undefined, fallback: number): number => {
      if (value === undefined) return fallback;
      if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number`);
      return value;
    };
    this.clock = options.now ?? (() => new Date());
    this.bookmarkMs = positive('bookmarkMs', options.bookmarkMs, DEFAULT_BOOKMARK_MS);
    const capacity = positive('maxContinueSnapshots', options.maxContinueSnapshots, DEFAULT_CONTINUE_SNAPSHOTS);
    this.snapshots = new ListSnapshots(
      positive('continueTtlMs', options.continueTtlMs, DEFAULT_CONTINUE_TTL_MS),
      Math.max(1, Math.floor(capacity)),
    );
    this.ticker = new Ticker(positive('tickMs', options.tickMs, DEFAULT_TICK_MS), () => this.sync());
    this.sim = new Simulation(options.seed ?? DEFAULT_SEED, this.clock().getTime());
    buildInventory(this.sim);
    this.sim.settle();
    this.sim.store.startRecording();
  }

  /** How many watches and followed logs are open, and whether their shared timer runs. */
  get streams(): { open: number; timerRunning: boolean } {
    return { open: this.ticker.size, timerRunning: this.ticker.running };
  }

  contexts(): ContextInfo[] {
    return [
      {
        name: DEMO_CONTEXT,
        cluster: 'demo',
        server: 'https://demo.orphelix.local',
        user: 'demo',
        namespace: null,
        current: true,
      },
    ];
  }

  defaultContext(): string {
    return DEMO_CONTEXT;
  }

  assertContext(context: string): void {
    if (context !== DEMO_CONTEXT) throw contextNotFound(context, [DEMO_CONTEXT]);
  }

  /** Advances the simulation to `now` (never backwards): pods live, controllers react, events are recorded. */
  tick(now: Date): void {
    this.sim.advance(now.getTime());
  }

  /** The resourceVersion of the latest change, as a list would report it. */
  get resourceVersion(): string {
    return this.sim.store.resourceVersion;
  }

  /**
   * Changes after `resourceVersion`, oldest first, as a watch from that version would deliver them; null
   * when the log has been trimmed past it (a watch would answer 410 Gone).
   */
  changesSince(resourceVersion: string): ChangeRecord[] | null {
    return this.sim.store.changesSince(resourceVersion);
  }

  async listPage<K extends KindName>(
    context: string,
    kind: K,
    options: ListPageOptions,
  ): Promise<ListPage<KindObjectMap[K]>> {
    this.assertContext(context);
    this.assertKind(kind);
    const { limit } = options;
    if (!Number.isSafeInteger(limit) || limit < 1) throw invalid('limit', 'limit must be a positive integer');
    const namespace = KINDS[kind].namespaced ? options.namespace : undefined;
    const now = this.clock().getTime();
    let position: PagePosition<AnyKubeObject> | null;
    if (options.continue) {
      position = this.snapshots.resolve(options.continue, now);
      if (!position) {
        throw gone('The provided continue parameter is too old to display a consistent list result.', {
          field: 'continue',
        });
      }
      const { snapshot } = position;
      if (snapshot.kind !== kind || snapshot.namespace !== namespace) {
        throw invalid('continue', `the continue token belongs to another list (${snapshot.kind})`);
      }
    } else {
      const { items, resourceVersion } = await this.list(context, kind, namespace === undefined ? {} : { namespace });
      const snapshot = {
        kind,
        namespace,
        items: items as AnyKubeObject[],
        resourceVersion: resourceVersion ?? this.sim.store.resourceVersion,
        createdAt: now,
      };
      if (items.length <= limit) return { items, resourceVersion: snapshot.resourceVersion, continue: null };
      position = { id: this.snapshots.open(snapshot), snapshot, offset: 0 };
    }
    const { id, snapshot, offset } = position;
    const end = offset + limit;
    // Snapshot items are stored copies; the caller gets its own.
    const items = snapshot.items.slice(offset, end).map((o) => deepCopy(o) as KindObjectMap[K]);
    return {
      items,
      resourceVersion: snapshot.resourceVersion,
      continue: end < snapshot.items.length ? this.snapshots.token(id, snapshot, end) : null,
    };
  }

  watch<K extends KindName>(context: string, kind: K, options: WatchOptions): Observable<WatchEvent<KindObjectMap[K]>> {
    return new Observable<WatchEvent<KindObjectMap[K]>>((subscriber) => {
      let labels: LabelRequirement[];
      try {
        this.assertContext(context);
        this.assertKind(kind);
        labels = parseLabelSelector(options.labelSelector ?? '');
        const timeout = options.timeoutSeconds;
        if (timeout !== undefined && (!Number.isFinite(timeout) || timeout < 0)) {
          throw invalid('timeoutSeconds', 'timeoutSeconds must be a non-negative number');
        }
        this.sync();
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
      const meta = KINDS[kind];
      const namespace = meta.namespaced ? options.namespace : undefined;
      const inScope = (c: ChangeRecord): boolean =>
        c.kind === kind && (namespace === undefined || c.object.metadata?.namespace === namespace);
      const matches = (l: Record<string, string> | undefined): boolean => matchesLabels(labels, l);
      /** What the watch reports for one change: label transitions turn MODIFIED into ADDED or DELETED. */
      const eventOf = (c: ChangeRecord): WatchEvent<KindObjectMap[K]> | null => {
        // The change is of kind K (inScope checked it); the store keeps every kind as AnyKubeObject.
        const object = c.object as KindObjectMap[K] & AnyKubeObject;
        const now = matches(object.metadata?.labels);
        if (c.type !== 'MODIFIED' || !c.previousLabels) return now ? { type: c.type, object } : null;
        const before = matches(c.previousLabels);
        if (before && now) return { type: 'MODIFIED', object };
        if (now) return { type: 'ADDED', object };
        if (before) return { type: 'DELETED', object };
        return null;
      };

      let cursor = options.resourceVersion;
      let lastSentAt = this.clock().getTime();
      /** Sends every change after the cursor; false once the watch has ended. */
      const deliver = (): boolean => {
        const changes = this.sim.store.changesSince(cursor, inScope);
        if (changes === null) {
          subscriber.error(
            gone(`too old resource version: ${cursor} (${this.sim.store.resourceVersion})`, {
              resourceVersion: cursor,
            }),
          );
          return false;
        }
        cursor = this.sim.store.resourceVersion;
        let sent = false;
        for (const change of changes) {
          if (subscriber.closed) return false;
          const event = eventOf(change);
          if (event) {
            subscriber.next(event);
            sent = true;
          }
        }
        const now = this.clock().getTime();
        if (sent) lastSentAt = now;
        else if (now - lastSentAt >= this.bookmarkMs && !subscriber.closed) {
          // The bookmark object has only apiVersion, kind and the resourceVersion, whatever the kind's type demands.
          const bookmark = {
            apiVersion: apiVersionOf(meta),
            kind: meta.kind,
            metadata: { resourceVersion: cursor },
          } as unknown as KindObjectMap[K];
          subscriber.next({ type: 'BOOKMARK', object: bookmark });
          lastSentAt = now;
        }
        return !subscriber.closed;
      };

      if (!deliver()) return undefined;
      const stop = this.ticker.subscribe((failure) => {
        if (failure !== undefined) subscriber.error(failure);
        else deliver();
      });
      const timeoutSeconds = options.timeoutSeconds ?? 0;
      const timer = timeoutSeconds > 0 ? setTimeout(() => subscriber.complete(), timeoutSeconds * SECOND) : null;
      return () => {
        stop();
        if (timer !== null) clearTimeout(timer);
      };
    });
  }

  followPodLogs(context: string, namespace: string, pod: string, options: FollowLogOptions): Observable<string> {
    return new Observable<string>((subscriber) => {
      let cursor: LogCursor;
      try {
        const opened = this.openLog(context, namespace, pod, options);
        cursor = opened.cursor;
        if (opened.text) subscriber.next(opened.text);
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
      // `previous` streams the terminated run only; a run that has ended has nothing more to say.
      if (options.previous || cursor.ended) {
        subscriber.complete();
        return undefined;
      }
      if (subscriber.closed) return undefined;
      const timestamps = options.timestamps === true;
      return this.ticker.subscribe((failure) => {
        if (failure !== undefined) {
          subscriber.error(failure);
          return;
        }
        const more = this.moreLogs(namespace, pod, cursor);
        if (more === null) {
          subscriber.complete();
          return;
        }
        if (more.length > 0) subscriber.next(formatLogLines(more, timestamps));
        if (cursor.ended) subscriber.complete();
      });
    });
  }

  async list<K extends KindName>(
    context: string,
    kind: K,
    options: ListOptions = {},
  ): Promise<ListResult<KindObjectMap[K]>> {
    this.assertContext(context);
    this.assertKind(kind);
    const labels = parseLabelSelector(options.labelSelector ?? '');
    const fields = fieldMatcher(kind, parseFieldSelector(options.fieldSelector ?? ''));
    this.sync();
    const namespace = KINDS[kind].namespaced ? options.namespace : undefined;
    const items = this.sim.store
      .all(kind)
      .filter((o) => {
        const object = o as KubernetesObject;
        return (
          (namespace === undefined || object.metadata?.namespace === namespace) &&
          matchesLabels(labels, object.metadata?.labels) &&
          fields(object)
        );
      })
      .sort((a, b) => byNamespaceThenName(a as KubernetesObject, b as KubernetesObject))
      .map((o) => deepCopy(o));
    return { items, resourceVersion: this.sim.store.resourceVersion };
  }

  async get<K extends KindName>(context: string, kind: K, name: string, namespace?: string): Promise<KindObjectMap[K]> {
    this.assertContext(context);
    this.assertKind(kind);
    const namespaced = KINDS[kind].namespaced;
    if (namespaced && !namespace) throw invalid('namespace', `namespace is required for ${kind}`);
    this.sync();
    const object = this.sim.store.find(kind, name, namespaced ? namespace : undefined);
    if (!object) throw notFound(KINDS[kind].kind, name, namespaced ? namespace : undefined);
    return deepCopy(object);
  }

  async eventsFor(
    context: string,
    ref: ObjectRef,
    options: Pick<ListOptions, 'labelSelector' | 'fieldSelector'> = {},
  ): Promise<CoreV1Event[]> {
    this.assertContext(context);
    this.assertKind(ref.kind);
    const meta = KINDS[ref.kind];
    if (meta.namespaced && !ref.namespace) throw invalid('namespace', `namespace is required for ${ref.kind}`);
    const labels = parseLabelSelector(options.labelSelector ?? '');
    const fields = fieldMatcher('events', parseFieldSelector(options.fieldSelector ?? ''));
    this.sync();
    const namespace = meta.namespaced ? ref.namespace : undefined;
    return this.sim.store
      .all('events')
      .filter((e) => {
        const o = e.involvedObject;
        return (
          o.kind === meta.kind &&
          o.name === ref.name &&
          (o.namespace || undefined) === namespace &&
          matchesLabels(labels, e.metadata.labels) &&
          fields(e)
        );
      })
      .sort(
        (a, b) =>
          eventTime(a) - eventTime(b) ||
          (a.firstTimestamp?.getTime() ?? 0) - (b.firstTimestamp?.getTime() ?? 0) ||
          (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
      )
      .map((e) => deepCopy(e));
  }

  async podLogs(context: string, namespace: string, pod: string, options: LogOptions): Promise<string> {
    return this.openLog(context, namespace, pod, options).text;
  }

  async restartWorkload(
    context: string,
    kind: 'deployments' | 'statefulsets' | 'daemonsets',
    namespace: string,
    name: string,
    at: Date,
  ): Promise<RestartResult> {
    this.assertContext(context);
    this.sync();
    const workload = this.sim.store.find(kind, name, namespace);
    if (!workload) throw notFound(KINDS[kind].kind, name, namespace);
    const restartedAt = rfc3339(at.getTime());
    const stamp = (o: { spec?: { template: { metadata?: { annotations?: Record<string, string> } } } }): void => {
      const template = o.spec?.template;
      if (!template) return;
      template.metadata = {
        ...template.metadata,
        annotations: { ...template.metadata?.annotations, 'kubectl.kubernetes.io/restartedAt': restartedAt },
      };
    };
    // One call per kind keeps the store's generic typing intact.
    if (kind === 'deployments') this.sim.store.modify('deployments', workload as KindObjectMap['deployments'], stamp);
    else if (kind === 'statefulsets')
      this.sim.store.modify('statefulsets', workload as KindObjectMap['statefulsets'], stamp);
    else this.sim.store.modify('daemonsets', workload as KindObjectMap['daemonsets'], stamp);
    this.sim.settle();
    return { restartedAt };
  }

  async deletePod(context: string, namespace: string, name: string): Promise<void> {
    this.assertContext(context);
    this.sync();
    const pod = this.sim.store.find('pods', name, namespace);
    if (!pod) throw notFound('Pod', name, namespace);
    this.sim.deletePodNow(pod);
    this.sim.settle();
  }

  async version(context: string): Promise<ServerVersion> {
    this.assertContext(context);
    return { gitVersion: 'v1.36.3', platform: 'linux/amd64' };
  }

  /** The demo identity is cluster-admin: every well-formed question is answered yes. */
  async canI(context: string, verb: string, resource: string, namespace?: string): Promise<boolean> {
    this.assertContext(context);
    if (!verb) throw invalid('verb', 'verb must not be empty');
    if (!resource) throw invalid('resource', 'resource must not be empty');
    if (namespace === '') throw invalid('namespace', 'namespace must not be empty when given');
    return true;
  }

  private sync(): void {
    this.sim.advance(this.clock().getTime());
  }

  private assertKind(kind: string): asserts kind is KindName {
    if (!isKindName(kind)) throw invalid('kind', `unknown kind "${kind}"`);
  }

  /** What `podLogs` answers, and where a follow of the same request goes on from. */
  private openLog(
    context: string,
    namespace: string,
    pod: string,
    options: LogOptions,
  ): { text: string; cursor: LogCursor } {
    this.assertContext(context);
    if (options.tailLines !== undefined && (!Number.isInteger(options.tailLines) || options.tailLines < 0)) {
      throw invalid('tailLines', 'tailLines must be a non-negative integer');
    }
    if (options.sinceSeconds !== undefined && (!Number.isInteger(options.sinceSeconds) || options.sinceSeconds < 1)) {
      throw invalid('sinceSeconds', 'sinceSeconds must be greater than 0');
    }
    this.sync();
    const object = this.sim.store.find('pods', pod, namespace);
    if (!object) throw notFound('Pod', pod, namespace);
    const { instance, container } = this.logInstance(object, options);
    const plan = this.sim.planOf(object);
    const now = this.sim.now;
    const end = instance.finishedAt ?? (plan.frozenAt !== null ? Math.min(now, plan.frozenAt) : now);
    const labels = object.metadata?.labels ?? {};
    const image = object.spec?.containers.find((c) => c.name === container)?.image ?? '';
    const ctx: LogContext = {
      seed: plan.logSeed,
      pod,
      namespace,
      container,
      app: labels['app'] ?? labels['app.kubernetes.io/name'] ?? labels['k8s-app'] ?? labels['component'] ?? container,
      version: labels['app.kubernetes.io/version'] ?? image.split(':').pop() ?? '',
      podIP: object.status?.podIP ?? '',
      nodeName: object.spec?.nodeName ?? '',
    };
    const profile = plan.recipe.logs[container] ?? 'goApi';
    const lines = runLogs(profile, ctx, instance, end, {
      sinceMs: options.sinceSeconds !== undefined ? now - options.sinceSeconds * SECOND : undefined,
      tailLines: options.tailLines,
    });
    return {
      text: formatLogLines(lines, options.timestamps === true),
      cursor: {
        uid: object.metadata?.uid ?? '',
        container,
        profile,
        ctx,
        run: instance.index,
        sentUntil: end,
        ended: instance.finishedAt !== undefined,
      },
    };
  }

  /**
   * The lines the followed run wrote since the cursor (advancing it), or null when the pod is gone (deleted,
   * or replaced by a namesake). A run that has finished yields its last lines and marks the cursor ended.
   */
  private moreLogs(namespace: string, pod: string, cursor: LogCursor): ReturnType<typeof runLogs> | null {
    const object = this.sim.store.find('pods', pod, namespace);
    if (!object || object.metadata?.uid !== cursor.uid) return null;
    const plan = this.sim.planOf(object);
    const rendered = this.sim.renders.get(cursor.uid)?.containers.find((c) => c.name === cursor.container);
    const instance = rendered?.timeline.instances.find((i) => i.index === cursor.run);
    if (!instance) return null;
    const now = this.sim.now;
    const end = instance.finishedAt ?? (plan.frozenAt !== null ? Math.min(now, plan.frozenAt) : now);
    cursor.ended = instance.finishedAt !== undefined;
    if (end <= cursor.sentUntil) return [];
    // Lines are a pure function of the run and the instant they were written: those from the cursor on are new.
    const lines = runLogs(cursor.profile, cursor.ctx, instance, end, { sinceMs: cursor.sentUntil });
    cursor.sentUntil = end;
    return lines;
  }

  /** Which run of which container the apiserver would stream, or its 400 answer. */
  private logInstance(pod: V1Pod, options: LogOptions): { instance: Instance; container: string } {
    const name = pod.metadata?.name ?? '';
    const regular = (pod.spec?.containers ?? []).map((c) => c.name);
    const init = (pod.spec?.initContainers ?? []).map((c) => c.name);
    let container = options.container;
    if (!container) {
      if (regular.length !== 1) {
        throw invalid(
          'container',
          `a container name must be specified for pod ${name}, choose one of: [${regular.join(' ')}]` +
            (init.length ? ` or one of the init containers: [${init.join(' ')}]` : ''),
        );
      }
      container = regular[0];
    }
    if (!regular.includes(container) && !init.includes(container)) {
      throw invalid('container', `container ${container} is not valid for pod ${name}`);
    }
    if (!pod.spec?.nodeName) throw invalid('pod', `pod ${name} does not have a host assigned`);
    const rendered = this.sim.renders.get(pod.metadata?.uid ?? '')?.containers.find((c) => c.name === container);
    const timeline = rendered?.timeline;
    if (options.previous) {
      if (!timeline?.last)
        throw invalid('previous', `previous terminated container "${container}" in pod "${name}" not found`);
      return { instance: timeline.last, container };
    }
    const state = timeline?.state;
    if (state?.kind === 'running' || state?.kind === 'terminated') return { instance: state.instance, container };
    if (timeline?.last) return { instance: timeline.last, container };
    const reason = state?.kind === 'waiting' ? state.reason : 'ContainerCreating';
    const why =
      reason === 'ErrImagePull'
        ? "image can't be pulled"
        : reason === 'ImagePullBackOff'
          ? 'trying and failing to pull image'
          : reason;
    throw invalid('container', `container "${container}" in pod "${name}" is waiting to start: ${why}`);
  }
}
