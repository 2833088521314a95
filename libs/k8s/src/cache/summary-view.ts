import type { SummaryByKind } from '@orphelix/contract';
import type { KindName } from '../kinds/kinds';
import { toSummary } from '../mappers/registry';
import { withTimeHorizon } from '../mappers/time';
import type { Wire } from '../mappers/wire';
import type { KindObjectMap } from '../port/cluster-port';
import type { Informer } from './informer';

/** An object's list DTO and its JSON text, valid until its age (or another duration) changes. */
export interface Projection<T> {
  dto: T;
  json: string;
  validUntil: number;
}

/**
 * List DTOs of cached objects, mapped once and kept until the object changes (the informer replaces
 * the object, which drops the memo with it) or until an age they print moves on. Reading 10,000 pods
 * then costs a lookup per pod rather than a mapping and a JSON.stringify per pod.
 */
export class SummaryView {
  private readonly memo = new WeakMap<object, Projection<unknown>>();
  private readonly sorted = new WeakMap<Informer<KindName>, { version: number; objects: object[] }>();

  project<K extends KindName>(kind: K, obj: KindObjectMap[K], nowMs: number): Projection<SummaryByKind[K]> {
    const key = obj as object;
    const hit = this.memo.get(key) as Projection<SummaryByKind[K]> | undefined;
    if (hit && hit.validUntil > nowMs) return hit;
    const { value, validForMs } = withTimeHorizon(() => toSummary(kind, obj as Wire<KindObjectMap[K]>, new Date(nowMs)));
    const projection: Projection<SummaryByKind[K]> = { dto: value, json: JSON.stringify(value), validUntil: nowMs + validForMs };
    this.memo.set(key, projection);
    return projection;
  }


  /** The informer's objects in the lists' default order (namespace, then name), memoised per informer version. */
  ordered<K extends KindName>(informer: Informer<K>): readonly KindObjectMap[K][] {
    const inf = informer as unknown as Informer<KindName>;
    const hit = this.sorted.get(inf);
    if (hit && hit.version === informer.version) return hit.objects as KindObjectMap[K][];
    const keyed = [...informer.values()].map((obj) => {
      const meta = (obj as { metadata?: { namespace?: string; name?: string } }).metadata;
      return { key: `${meta?.namespace ?? ''}\u0000${meta?.name ?? ''}`, obj };
    });
    // Code-unit order, as the list routes sort: namespace, then name (NUL sorts below every name character).
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const objects = keyed.map((k) => k.obj);
    this.sorted.set(inf, { version: informer.version, objects: objects as object[] });
    return objects;
  }
}
