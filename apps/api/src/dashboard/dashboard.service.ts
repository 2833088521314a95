import { Inject, Injectable } from '@nestjs/common';
import type { ClusterHealth, DashboardSummary, SummaryByKind } from '@orphelix/contract';
import {
  buildDashboardSummary,
  CLUSTER_PORT,
  dashboardFromCounts,
  type SectionCounts,
  type ClusterPort,
  isClusterError,
  type KindObjectMap,
  KINDS,
  SUMMARY_SECTIONS,
  type SummarySection,
  toSummary,
  type Wire,
} from '@orphelix/k8s';

import { LiveReader } from '../live/live-reader.service';

/** The only sections the health score reads (see computeClusterHealth). */
export const HEALTH_SECTIONS = ['deployments', 'nodes', 'pods', 'pvs'] as const satisfies readonly SummarySection[];

/** Each section's list DTOs, or `null` when the identity may not list that kind. */
type Sections<S extends SummarySection> = { [K in S]: SummaryByKind[K][] | null };

/**
 * The dashboard's aggregates over the ClusterPort. One section the identity may not read must not
 * cost the user the others (namespace-scoped users cannot list nodes or PVs): a FORBIDDEN section is
 * reported as such. Every other failure (unreachable, unauthenticated, …) fails the whole request with
 * its own status, so an outage never looks like an empty cluster.
 */
@Injectable()
export class DashboardService {
  constructor(
    @Inject(CLUSTER_PORT) private readonly port: ClusterPort,
    private readonly live: LiveReader,
  ) {}

  async summary(context: string, namespace: string | undefined): Promise<DashboardSummary> {
    const counts = await this.cachedCounts(context, namespace, SUMMARY_SECTIONS);
    if (counts) return dashboardFromCounts({ context, namespace: namespace ?? null, counts }, new Date());
    const sections = await this.readSections(context, namespace, SUMMARY_SECTIONS);
    return buildDashboardSummary({ context, namespace: namespace ?? null, ...sections }, new Date());
  }

  async health(context: string, namespace: string | undefined): Promise<ClusterHealth> {
    const counts = await this.cachedCounts(context, namespace, HEALTH_SECTIONS);
    if (counts) {
      const unreadCounts = Object.fromEntries(SUMMARY_SECTIONS.map((s) => [s, {}])) as SectionCounts;
      return dashboardFromCounts({ context, namespace: namespace ?? null, counts: { ...unreadCounts, ...counts } }, new Date()).health;
    }
    const sections = await this.readSections(context, namespace, HEALTH_SECTIONS);
    // The per-section counters are private to the mapper, so the score is taken from a summary whose
    // other sections are empty: computeClusterHealth reads only these four.
    const unread = {
      configmaps: [],
      cronjobs: [],
      daemonsets: [],
      hpa: [],
      ingress: [],
      jobs: [],
      pvcs: [],
      secrets: [],
      services: [],
      statefulsets: [],
    };
    return buildDashboardSummary({ context, namespace: namespace ?? null, ...unread, ...sections }, new Date()).health;
  }

  /**
   * Every section's counters from the watch cache (kept up to date by its events), or `null` when the
   * cache cannot answer for one of them: the summary is then computed from the apiserver's lists.
   */
  private async cachedCounts<S extends SummarySection>(
    context: string,
    namespace: string | undefined,
    sections: readonly S[],
  ): Promise<SectionCounts | null> {
    if (!this.live.enabled) return null;
    const counts = await Promise.all(sections.map((section) => this.live.counts(context, section, namespace)));
    if (counts.some((c) => c === undefined)) return null;
    return Object.fromEntries(sections.map((section, i) => [section, counts[i]])) as SectionCounts;
  }

  private async readSections<S extends SummarySection>(
    context: string,
    namespace: string | undefined,
    kinds: readonly S[],
  ): Promise<Sections<S>> {
    const now = new Date();
    // In parallel, and failing fast: the first error that is not FORBIDDEN answers the request.
    const lists = await Promise.all(kinds.map((kind) => this.readSection(context, kind, namespace, now)));
    return Object.fromEntries(kinds.map((kind, i) => [kind, lists[i]])) as Sections<S>;
  }

  private async readSection<K extends SummarySection>(
    context: string,
    kind: K,
    namespace: string | undefined,
    now: Date,
  ): Promise<SummaryByKind[K][] | null> {
    try {
      const { items } = await this.port.list(context, kind, KINDS[kind].namespaced && namespace ? { namespace } : {});
      return items.map((obj) => toSummary(kind, obj as Wire<KindObjectMap[K]>, now));
    } catch (error) {
      if (isClusterError(error) && error.code === 'FORBIDDEN') return null;
      throw error;
    }
  }
}
