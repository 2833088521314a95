import type { CoreV1Event, KubeConfig } from '@kubernetes/client-node';
import type { Observable } from 'rxjs';
import { KINDS, apiVersionOf, type KindMeta, type KindName } from '../kinds/kinds';
import type {
  ClusterPort,
  ContextInfo,
  FollowLogOptions,
  KindObjectMap,
  ListPage,
  ListPageOptions,
  ListOptions,
  ListResult,
  LogOptions,
  ObjectRef,
  RestartResult,
  ServerVersion,
  WatchEvent,
  WatchOptions,
} from '../port/cluster-port';
import { ClusterError, contextNotFound, isClusterError, notFound } from '../port/errors';
import { KubeHttp } from './http';
import { followPodLogs, podLogRequest } from './pod-logs-follow';
import { watchCollection } from './watch';

/** The collection path of a kind, optionally in one namespace. */
export function collectionPath(meta: KindMeta, namespace?: string): string {
  const root = meta.group === '' ? `/api/${meta.version}` : `/apis/${meta.group}/${meta.version}`;
  return meta.namespaced && namespace ? `${root}/namespaces/${namespace}/${meta.resource}` : `${root}/${meta.resource}`;
}

interface KubeList<T> {
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** A LIST page size that keeps each response (and its JSON.parse) small enough not to stall the loop. */
const PAGE_SIZE = 500;

/**
 * The ClusterPort against real apiservers: one KubeHttp (and TLS agent) per kubeconfig context, chosen
 * by each call's context. Plain JSON objects come back (timestamps as RFC 3339 strings).
 */
export class KubeCluster implements ClusterPort {
  readonly mode = 'cluster' as const;
  private readonly clients = new Map<string, KubeHttp>();

  constructor(private readonly kubeconfig: KubeConfig) {}

  contexts(): ContextInfo[] {
    const current = this.kubeconfig.getCurrentContext();
    return this.kubeconfig.getContexts().map((c) => ({
      name: c.name,
      cluster: c.cluster,
      server: this.kubeconfig.getCluster(c.cluster)?.server ?? '',
      user: c.user,
      namespace: c.namespace ?? null,
      current: c.name === current,
    }));
  }

  defaultContext(): string {
    return this.kubeconfig.getCurrentContext() || (this.kubeconfig.getContexts()[0]?.name ?? '');
  }

  assertContext(context: string): void {
    if (!this.kubeconfig.getContextObject(context)) {
      throw contextNotFound(context, this.kubeconfig.getContexts().map((c) => c.name));
    }
  }

  /** The HTTP client of a context, made on first use. */
  http(context: string): KubeHttp {
    this.assertContext(context);
    let client = this.clients.get(context);
    if (!client) {
      const ctx = this.kubeconfig.getContextObject(context);
      const cluster = ctx ? this.kubeconfig.getCluster(ctx.cluster) : null;
      if (!cluster?.server) {
        throw new ClusterError('CLUSTER_UNREACHABLE', `Context "${context}" names no cluster server`, { context });
      }
      // A KubeConfig of its own, so concurrent requests on other contexts never see a switched context.
      const own = new (this.kubeconfig.constructor as new () => KubeConfig)();
      own.loadFromOptions({
        clusters: this.kubeconfig.getClusters(),
        users: this.kubeconfig.getUsers(),
        contexts: this.kubeconfig.getContexts(),
        currentContext: context,
      });
      client = new KubeHttp(own, context, cluster.server);
      this.clients.set(context, client);
    }
    return client;
  }

  async list<K extends KindName>(context: string, kind: K, options: ListOptions = {}): Promise<ListResult<KindObjectMap[K]>> {
    const meta = KINDS[kind];
    const http = this.http(context);
    const items: KindObjectMap[K][] = [];
    let token: string | undefined;
    let resourceVersion: string | null = null;
    do {
      const page: KubeList<KindObjectMap[K]> = await http.json({
        path: collectionPath(meta, options.namespace),
        query: { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector, limit: PAGE_SIZE, continue: token },
      });
      for (const item of page.items) items.push(withTypeMeta(item, meta));
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      token = page.metadata?.continue || undefined;
    } while (token);
    return { items, resourceVersion };
  }

  async listPage<K extends KindName>(context: string, kind: K, options: ListPageOptions): Promise<ListPage<KindObjectMap[K]>> {
    const meta = KINDS[kind];
    const page: KubeList<KindObjectMap[K]> = await this.http(context).json({
      path: collectionPath(meta, meta.namespaced ? options.namespace : undefined),
      query: { limit: options.limit, continue: options.continue },
    });
    return {
      items: page.items.map((item) => withTypeMeta(item, meta)),
      resourceVersion: page.metadata?.resourceVersion ?? '',
      continue: page.metadata?.continue || null,
    };
  }

  watch<K extends KindName>(context: string, kind: K, options: WatchOptions): Observable<WatchEvent<KindObjectMap[K]>> {
    const meta = KINDS[kind];
    return watchCollection<KindObjectMap[K]>(this.http(context), collectionPath(meta, meta.namespaced ? options.namespace : undefined), options, (obj) =>
      withTypeMeta(obj, meta),
    );
  }

  followPodLogs(context: string, namespace: string, pod: string, options: FollowLogOptions): Observable<string> {
    return followPodLogs(this.http(context), namespace, pod, options);
  }

  async get<K extends KindName>(context: string, kind: K, name: string, namespace?: string): Promise<KindObjectMap[K]> {
    const meta = KINDS[kind];
    try {
      const obj = await this.http(context).json<KindObjectMap[K]>({ path: `${collectionPath(meta, namespace)}/${encodeURIComponent(name)}` });
      return withTypeMeta(obj, meta);
    } catch (error) {
      // The apiserver's 404 message names the resource in its own words; ours names kind and namespace.
      if (isClusterError(error) && error.code === 'NOT_FOUND') throw notFound(meta.kind, name, meta.namespaced ? namespace : undefined);
      throw error;
    }
  }

  async eventsFor(
    context: string,
    ref: ObjectRef,
    options: Pick<ListOptions, 'labelSelector' | 'fieldSelector'> = {},
  ): Promise<CoreV1Event[]> {
    const meta = KINDS[ref.kind];
    const fields = [`involvedObject.kind=${meta.kind}`, `involvedObject.name=${ref.name}`];
    if (meta.namespaced && ref.namespace) fields.push(`involvedObject.namespace=${ref.namespace}`);
    if (options.fieldSelector) fields.push(options.fieldSelector);
    // Events about cluster-scoped objects (nodes, PVs) live in "default" or elsewhere: search everywhere.
    const { items } = await this.list(context, 'events', {
      ...(meta.namespaced && ref.namespace ? { namespace: ref.namespace } : {}),
      fieldSelector: fields.join(','),
      labelSelector: options.labelSelector,
    });
    return items.sort((a, b) => eventTime(a) - eventTime(b));
  }

  async podLogs(context: string, namespace: string, pod: string, options: LogOptions): Promise<string> {
    const res = await this.http(context).send({ ...podLogRequest(namespace, pod, options), timeoutMs: 60_000 });
    return res.body;
  }

  async restartWorkload(
    context: string,
    kind: 'deployments' | 'statefulsets' | 'daemonsets',
    namespace: string,
    name: string,
    at: Date,
  ): Promise<RestartResult> {
    const restartedAt = at.toISOString();
    const meta = KINDS[kind];
    try {
      // The same strategic-merge patch `kubectl rollout restart` sends.
      await this.http(context).send({
        method: 'PATCH',
        path: `${collectionPath(meta, namespace)}/${encodeURIComponent(name)}`,
        query: { fieldManager: 'orphelix' },
        contentType: 'application/strategic-merge-patch+json',
        body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } } },
      });
    } catch (error) {
      if (isClusterError(error) && error.code === 'NOT_FOUND') throw notFound(meta.kind, name, namespace);
      throw error;
    }
    return { restartedAt };
  }

  async deletePod(context: string, namespace: string, name: string): Promise<void> {
    try {
      await this.http(context).send({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}/pods/${encodeURIComponent(name)}` });
    } catch (error) {
      if (isClusterError(error) && error.code === 'NOT_FOUND') throw notFound('Pod', name, namespace);
      throw error;
    }
  }

  async version(context: string): Promise<ServerVersion> {
    const v = await this.http(context).json<{ gitVersion: string; platform: string }>({ path: '/version', timeoutMs: 5_000 });
    return { gitVersion: v.gitVersion, platform: v.platform };
  }

  async canI(context: string, verb: string, resource: string, namespace?: string): Promise<boolean> {
    const review = await this.http(context).json<{ status?: { allowed?: boolean } }>({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb, resource, ...(namespace ? { namespace } : {}) } },
      },
      timeoutMs: 5_000,
    });
    return review.status?.allowed === true;
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}

/** LIST items come without apiVersion/kind; the port promises them. */
function withTypeMeta<T>(obj: T, meta: KindMeta): T {
  const o = obj as { apiVersion?: string; kind?: string };
  o.apiVersion ??= apiVersionOf(meta);
  o.kind ??= meta.kind;
  return obj;
}

function eventTime(e: CoreV1Event): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  return t ? new Date(t as unknown as string).getTime() : 0;
}
