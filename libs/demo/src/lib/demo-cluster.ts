import type { CoreV1Event, KubernetesObject, V1Pod } from '@kubernetes/client-node';
import {
  ClusterError,
  contextNotFound,
  isKindName,
  KINDS,
  notFound,
  type ClusterPort,
  type ContextInfo,
  type KindName,
  type KindObjectMap,
  type ListOptions,
  type ListResult,
  type LogOptions,
  type ObjectRef,
  type RestartResult,
  type ServerVersion,
} from '@orphelix/k8s';
import { deepCopy } from './copy';
import { buildInventory } from './inventory';
import { formatLogLines, runLogs, type LogContext } from './logs';
import { fieldMatcher, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import { Simulation } from './simulation';
import type { ChangeRecord } from './store';
import { rfc3339, SECOND } from './time';
import type { Instance } from './timeline';

/** Options of the simulated cluster. */
export interface DemoClusterOptions {
  /** Seeds names, uids and every random detail; the same seed and clock give the same cluster. */
  seed?: number;
  /** The clock the simulation follows; defaults to the system clock. */
  now?: () => Date;
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

  constructor(options: DemoClusterOptions = {}) {
    this.clock = options.now ?? (() => new Date());
    this.sim = new Simulation(options.seed ?? DEFAULT_SEED, this.clock().getTime());
    buildInventory(this.sim);
    this.sim.settle();
    this.sim.store.startRecording();
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
    const lines = runLogs(plan.recipe.logs[container] ?? 'goApi', ctx, instance, end, {
      sinceMs: options.sinceSeconds !== undefined ? now - options.sinceSeconds * SECOND : undefined,
      tailLines: options.tailLines,
    });
    return formatLogLines(lines, options.timestamps === true);
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
