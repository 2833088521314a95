import { Inject, Injectable } from '@nestjs/common';
import type { DetailByKind, EventDto, SummaryByKind } from '@orphelix/contract';
import {
  CLUSTER_PORT,
  ClusterError,
  type ClusterPort,
  type KindName,
  type KindObjectMap,
  KINDS,
  notFound,
  toDetail,
  toEventDto,
  toSummary,
  type Wire,
} from '@orphelix/k8s';
import type { ListQueryDto } from '../common/query/common-query.dto';
import { type ListEnvelope, paginate, type PageQuery, type SortKeys } from '../common/query/paginate';
import { LiveReader } from '../live/live-reader.service';
import { toObjectYaml } from './object-yaml';

/** Sort keys every list of events understands; newest first unless asked otherwise. */
const EVENT_SORT_KEYS: SortKeys<EventDto> = {
  lastTimestamp: (e) => (e.lastTimestamp ? Date.parse(e.lastTimestamp) : null),
  count: (e) => e.count,
  type: (e) => e.type,
  reason: (e) => e.reason,
};

/**
 * The generic read side of every kind: list, detail, YAML and events through the ClusterPort, mapped
 * once by libs/k8s's mappers. Resource controllers stay thin by calling it with their kind.
 */
@Injectable()
export class ResourceService {
  constructor(
    @Inject(CLUSTER_PORT) private readonly port: ClusterPort,
    private readonly live: LiveReader,
  ) {}

  async list<K extends KindName>(
    kind: K,
    context: string,
    query: ListQueryDto,
    sortKeys?: SortKeys<SummaryByKind[K]>,
  ): Promise<ListEnvelope<SummaryByKind[K]>> {
    const cached = await this.live.list(kind, context, query, sortKeys);
    if (cached) return cached;
    const { items, resourceVersion } = await this.port.list(context, kind, {
      namespace: KINDS[kind].namespaced ? query.namespace : undefined,
      labelSelector: query.labelSelector,
      fieldSelector: query.fieldSelector,
    });
    const now = new Date();
    const dtos = items.map((obj) => toSummary(kind, obj as Wire<KindObjectMap[K]>, now));
    return paginate(dtos, query, { resourceVersion, ...(sortKeys ? { sortKeys } : {}) });
  }

  /**
   * The object itself. A namespaced kind asked for without a namespace is looked up in every
   * namespace: one match is the answer, none is 404, several is a 400 asking for the namespace.
   */
  async find<K extends KindName>(kind: K, context: string, name: string, namespace?: string): Promise<KindObjectMap[K]> {
    const meta = KINDS[kind];
    if (!meta.namespaced || namespace) return this.port.get(context, kind, name, meta.namespaced ? namespace : undefined);
    const { items } = await this.port.list(context, kind, { fieldSelector: `metadata.name=${name}` });
    const [first, ...others] = items;
    if (!first) throw notFound(meta.kind, name);
    if (others.length > 0) {
      const namespaces = items.map((i) => (i as { metadata?: { namespace?: string } }).metadata?.namespace ?? '');
      throw new ClusterError('VALIDATION_ERROR', `${meta.kind} "${name}" exists in several namespaces; name one`, {
        fields: [{ field: 'namespace', message: `required: ${meta.kind} "${name}" exists in ${namespaces.join(', ')}` }],
        namespaces,
      });
    }
    return first;
  }

  async detail<K extends KindName>(kind: K, context: string, name: string, namespace?: string): Promise<DetailByKind[K]> {
    return toDetail(kind, (await this.find(kind, context, name, namespace)) as Wire<KindObjectMap[K]>, new Date());
  }

  async yaml(kind: KindName, context: string, name: string, namespace?: string): Promise<string> {
    return toObjectYaml(await this.find(kind, context, name, namespace));
  }

  /** Events about one object (which must exist: a typo is a 404, not an empty list). */
  async events(
    kind: KindName,
    context: string,
    name: string,
    query: PageQuery & Pick<ListQueryDto, 'namespace' | 'labelSelector' | 'fieldSelector'>,
  ): Promise<ListEnvelope<EventDto>> {
    const obj = (await this.find(kind, context, name, query.namespace)) as { metadata?: { namespace?: string } };
    const events = await this.port.eventsFor(
      context,
      { kind, name, namespace: obj.metadata?.namespace },
      { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector },
    );
    const now = new Date();
    return paginate(
      events.map((e) => toEventDto(e, now)),
      { ...query, sort: query.sort ?? '-lastTimestamp' },
      { sortKeys: EVENT_SORT_KEYS },
    );
  }
}
