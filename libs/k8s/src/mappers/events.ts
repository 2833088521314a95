import type { EventDto } from '@orphelix/contract';
import type { CoreV1Event } from '@kubernetes/client-node';
import { summaryMeta } from './meta';
import { since, toIso } from './time';
import type { Wire } from './wire';

type Event = Wire<CoreV1Event>;

/** SOURCE of `kubectl get events -o wide` (`formatEventSource`): component (or reporting controller), then host (or instance). */
export function eventSource(event: Event): string {
  const component = event.source?.component || event.reportingComponent || '';
  const instance = event.source?.host || event.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

/**
 * An event with the timestamp fallbacks kubectl applies: events written through events.k8s.io carry
 * `eventTime` and a `series` instead of first/last timestamps and a count.
 */
export function toEventDto(event: Event, now: Date): EventDto {
  const first = toIso(event.firstTimestamp) ?? toIso(event.eventTime);
  const last = event.series ? toIso(event.series.lastObservedTime) : (toIso(event.lastTimestamp) ?? first);
  const count = event.series ? (event.series.count ?? 1) : event.count || 1;
  const involved = event.involvedObject;
  return {
    ...summaryMeta(event, now),
    type: event.type ?? '',
    reason: event.reason ?? '',
    message: (event.message ?? '').trim(),
    involvedObject: {
      kind: involved?.kind ?? '',
      name: involved?.name ?? '',
      namespace: involved?.namespace || null,
      uid: involved?.uid || null,
      fieldPath: involved?.fieldPath || null,
    },
    count,
    firstTimestamp: first,
    lastTimestamp: last,
    lastSeen: since(last, now),
    source: eventSource(event),
  };
}
