import type { Subscription } from 'rxjs';
import { addTally, tallyOf, type SummarySection, type Tally } from '../mappers/dashboard';
import type { KindObjectMap } from '../port/cluster-port';
import { objectKey, type Informer } from './informer';
import type { SummaryView } from './summary-view';

type Meta = { metadata?: { namespace?: string; name?: string } };

/**
 * The dashboard counters of one informer, per namespace and in total, kept up to date from its
 * changes: an event adjusts the counters by the object's old and new tallies, so a summary never
 * walks the pods again.
 */
export class SectionCounter<S extends SummarySection> {
  private readonly contributions = new Map<string, { namespace: string; tally: Tally }>();
  private readonly byNamespace = new Map<string, Tally>();
  private readonly all: Tally = {};
  private readonly subscription: Subscription;

  constructor(
    readonly section: S,
    private readonly informer: Informer<S>,
    private readonly view: SummaryView,
  ) {
    const now = Date.now();
    for (const obj of informer.values()) this.add(obj, now);
    this.subscription = informer.changes.subscribe((change) => {
      const now = Date.now();
      this.remove(change.type === 'DELETED' ? change.object : change.previous);
      if (change.type !== 'DELETED') this.add(change.object, now);
    });
  }

  /** The counters of one namespace, or of everything the informer holds. */
  counts(namespace: string | null): Tally {
    return { ...(namespace === null ? this.all : (this.byNamespace.get(namespace) ?? {})) };
  }

  close(): void {
    this.subscription.unsubscribe();
  }

  private add(obj: KindObjectMap[S], nowMs: number): void {
    const key = objectKey(obj as Meta);
    const namespace = (obj as Meta).metadata?.namespace ?? '';
    const tally = tallyOf(this.section, this.view.project(this.section, obj, nowMs).dto as never);
    this.remove(obj);
    this.contributions.set(key, { namespace, tally });
    addTally(this.all, tally);
    let ns = this.byNamespace.get(namespace);
    if (!ns) this.byNamespace.set(namespace, (ns = {}));
    addTally(ns, tally);
  }

  private remove(obj: KindObjectMap[S] | null): void {
    if (!obj) return;
    const key = objectKey(obj as Meta);
    const old = this.contributions.get(key);
    if (!old) return;
    this.contributions.delete(key);
    addTally(this.all, old.tally, -1);
    const ns = this.byNamespace.get(old.namespace);
    if (ns) addTally(ns, old.tally, -1);
  }
}
