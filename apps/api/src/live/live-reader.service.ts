import { Inject, Injectable } from '@nestjs/common';
import type { SummaryByKind } from '@orphelix/contract';
import {
  type CacheRead,
  type KindObjectMap,
  type Informer,
  isClusterError,
  type KindName,
  KINDS,
  SectionCounter,
  type SummarySection,
  SummaryView,
  type Tally,
  WatchCache,
} from '@orphelix/k8s';
import type { ListQueryDto } from '../common/query/common-query.dto';
import { paginate, type SortKeys } from '../common/query/paginate';
import { matchesLabelRequirements, parseFieldSelector, parseLabelSelector } from '../common/query/selectors';
import { localFieldMatcher } from './field-selectors';
import { WATCH_CACHE } from './live.tokens';
import { PreSerializedList } from './pre-serialized';

type Meta = { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };

/**
 * Reads of the shared watch cache for the list routes and the dashboard. Each method answers
 * `undefined` when the cache cannot serve the read (turned off, a field selector only the apiserver
 * can evaluate, or a watch that is down): the caller then asks the apiserver as it always did.
 */
@Injectable()
export class LiveReader {
  private readonly counters = new WeakMap<Informer<KindName>, SectionCounter<SummarySection>>();

  constructor(
    @Inject(WATCH_CACHE) private readonly cache: WatchCache | null,
    private readonly view: SummaryView,
  ) {}

  get enabled(): boolean {
    return this.cache !== null;
  }

  async list<K extends KindName>(
    kind: K,
    context: string,
    query: ListQueryDto,
    sortKeys?: SortKeys<SummaryByKind[K]>,
    options: { keep?: (dto: SummaryByKind[K], nowMs: number) => boolean; defaultSort?: string } = {},
  ): Promise<PreSerializedList<SummaryByKind[K]> | undefined> {
    if (!this.cache) return undefined;
    const parsedFields = query.fieldSelector ? parseFieldSelector(query.fieldSelector) : null;
    const fields = parsedFields?.ok ? localFieldMatcher(kind, parsedFields.requirements) : null;
    // A field the cache cannot evaluate exactly as the apiserver does stays with the apiserver.
    if (query.fieldSelector && !fields) return undefined;
    const read = await this.cache.read(context, kind, KINDS[kind].namespaced ? query.namespace : undefined);
    if (!read) return undefined;
    const parsed = query.labelSelector ? parseLabelSelector(query.labelSelector) : null;
    const labels = parsed?.ok ? parsed.requirements : null;
    const needle = query.q?.toLowerCase();
    const objects: KindObjectMap[K][] = [];
    for (const informer of read.informers) {
      for (const obj of this.view.ordered(informer)) {
        const meta = (obj as Meta).metadata;
        if (read.namespace !== null && meta?.namespace !== read.namespace) continue;
        if (labels && !matchesLabelRequirements(labels, meta?.labels)) continue;
        if (fields && !fields(obj as object)) continue;
        if (needle && !(meta?.name ?? '').toLowerCase().includes(needle)) continue;
        objects.push(obj);
      }
    }
    const rv = resourceVersionOf(read);
    const sort = query.sort ?? options.defaultSort;
    const now = Date.now();
    const project = (obj: KindObjectMap[K]) => this.view.project(kind, obj, now);
    if (!sort && !options.keep && read.informers.length === 1) {
      // The informer's order is the lists' default order: cut the page first, map only its items, lazily.
      const offset = query.offset ?? 0;
      const limit = query.limit ?? null;
      const page = objects.slice(offset, limit === null ? undefined : offset + limit);
      return new PreSerializedList(page.length, (i) => project(page[i]), objects.length, offset, limit, rv);
    }
    const projections = objects.map(project);
    const kept = options.keep ? projections.filter((p) => options.keep?.(p.dto, now)) : projections;
    const byDto = new Map(kept.map((p) => [p.dto as object, p.json]));
    const page = paginate(
      kept.map((p) => p.dto),
      { ...query, q: undefined, ...(sort ? { sort } : {}) },
      { resourceVersion: rv, ...(sortKeys ? { sortKeys } : {}), presorted: read.informers.length === 1 },
    );
    return new PreSerializedList(
      page.items.length,
      (i) => ({ dto: page.items[i], json: byDto.get(page.items[i] as object) ?? JSON.stringify(page.items[i]) }),
      page.total,
      page.offset,
      page.limit,
      page.resourceVersion,
    );
  }

  /**
   * The cached objects of `kind` in `namespace` (undefined: all), as the apiserver sent them less
   * `managedFields` and the last-applied annotation; `undefined` when the cache cannot answer freshly.
   * A kind the identity may not list cluster-wide rejects with the LIST's 403.
   */
  async objects<K extends KindName>(context: string, kind: K, namespace: string | undefined): Promise<KindObjectMap[K][] | undefined> {
    if (!this.cache) return undefined;
    const read = await this.cache.read(context, kind, KINDS[kind].namespaced ? namespace : undefined, { fallback: false });
    if (!read) return undefined;
    const objects: KindObjectMap[K][] = [];
    for (const informer of read.informers) {
      for (const obj of informer.values()) {
        if (read.namespace === null || (obj as Meta).metadata?.namespace === read.namespace) objects.push(obj);
      }
    }
    return objects;
  }

  /**
   * A summary section's counters from the cache: `null` when the identity may not list the kind,
   * `undefined` when the cache cannot answer (the caller reads the apiserver).
   */
  async counts(context: string, section: SummarySection, namespace: string | undefined): Promise<Tally | null | undefined> {
    if (!this.cache) return undefined;
    let read: CacheRead<SummarySection> | null;
    try {
      read = await this.cache.read(context, section, KINDS[section].namespaced ? namespace : undefined, { fallback: false });
    } catch (error) {
      if (isClusterError(error) && error.code === 'FORBIDDEN') return null;
      throw error;
    }
    if (!read) return undefined;
    const sum: Tally = {};
    for (const informer of read.informers) {
      const counts = this.counter(section, informer).counts(read.namespace);
      for (const key in counts) sum[key] = (sum[key] ?? 0) + counts[key];
    }
    return sum;
  }

  private counter(section: SummarySection, informer: Informer<SummarySection>): SectionCounter<SummarySection> {
    const key = informer as unknown as Informer<KindName>;
    let counter = this.counters.get(key);
    if (!counter) {
      counter = new SectionCounter(section, informer, this.view);
      this.counters.set(key, counter);
    }
    return counter;
  }
}

function resourceVersionOf(read: { informers: readonly { resourceVersion: string }[] }): string | null {
  // One informer: its RV is the list's. Several (namespaces read one by one) have no common RV.
  return read.informers.length === 1 ? read.informers[0].resourceVersion || null : null;
}
