import { Inject, Injectable } from '@nestjs/common';
import type { EventDto } from '@orphelix/contract';
import { CLUSTER_PORT, type ClusterPort, toEventDto } from '@orphelix/k8s';
import { type ListEnvelope, paginate, type SortKeys } from '../common/query/paginate';
import { LiveReader } from '../live/live-reader.service';
import type { EventsQueryDto } from './dto/events-query.dto';

const time = (iso: string | null): number | null => {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? null : ms;
};

/** When an event was last seen; an event that carries no time of its own is dated by its creation. */
const lastSeenAt = (event: EventDto): number | null => time(event.lastTimestamp) ?? time(event.createdAt);

const EVENT_SORT_KEYS: SortKeys<EventDto> = {
  lastTimestamp: lastSeenAt,
  firstTimestamp: (e) => time(e.firstTimestamp),
  count: (e) => e.count,
  type: (e) => e.type,
  reason: (e) => e.reason,
  kind: (e) => e.involvedObject.kind,
};

@Injectable()
export class EventsService {
  constructor(
    @Inject(CLUSTER_PORT) private readonly port: ClusterPort,
    private readonly live: LiveReader,
  ) {}

  /** Events of a namespace or of all of them, newest first unless `sort` says otherwise. */
  async list(context: string, query: EventsQueryDto): Promise<ListEnvelope<EventDto>> {
    const cached = await this.live.list('events', context, query, EVENT_SORT_KEYS, {
      defaultSort: '-lastTimestamp',
      keep: (e, nowMs) =>
        (query.type === undefined || e.type === query.type) &&
        (query.sinceMinutes === undefined || (lastSeenAt(e) ?? -Infinity) >= nowMs - query.sinceMinutes * 60_000),
    });
    if (cached) return cached;
    const fieldSelector = [query.type ? `type=${query.type}` : undefined, query.fieldSelector]
      .filter(Boolean)
      .join(',');
    const { items, resourceVersion } = await this.port.list(context, 'events', {
      namespace: query.namespace,
      labelSelector: query.labelSelector,
      fieldSelector: fieldSelector || undefined,
    });
    const now = new Date();
    let events = items.map((e) => toEventDto(e, now));
    if (query.sinceMinutes !== undefined) {
      const cutoff = now.getTime() - query.sinceMinutes * 60_000;
      events = events.filter((e) => (lastSeenAt(e) ?? -Infinity) >= cutoff);
    }
    return paginate(
      events,
      { ...query, sort: query.sort ?? '-lastTimestamp' },
      { resourceVersion, sortKeys: EVENT_SORT_KEYS },
    );
  }
}
