import { isPlatformServer } from '@angular/common';
import { DestroyRef, PLATFORM_ID, type Signal, TransferState, computed, effect, inject, signal, untracked } from '@angular/core';
import { afterPaint } from './after-paint';
import { call, describeError } from './api';
import { FIRST_PAGE, type FirstPage, takeFirstPage, takeRenderedPage } from './first-page';
import { type KindDef, type Resource, kindDef } from './kinds';
import type { KindName } from './kinds';
import { parseLabelSelector } from './label-selector';
import { type Change, LiveStream } from './live-stream';
import { ViewState } from './view-state';

export type LoadState = 'loading' | 'ready' | 'error';

export interface LiveList<R extends Resource> {
  readonly kind: KindDef<Resource>;
  readonly state: Signal<LoadState>;
  readonly error: Signal<ReturnType<typeof describeError> | null>;
  /** The objects, in no particular order; a new array after each batch of changes. */
  readonly items: Signal<readonly R[]>;
  /** Objects the stream changed since load (for a subtle highlight). */
  readonly version: Signal<number>;
  /** True while only the first page is shown and the whole list is still on its way. */
  readonly partial: Signal<boolean>;
  /** The number of objects the API reported (the whole list's, also while partial). */
  readonly total: Signal<number>;
  reload(): void;
}

const keyOf = (r: Resource): string => `${r.namespace ?? ''}/${r.name}`;

/** Changes are applied in batches, at most this often, so 10,000 rows cost one render per batch. */
const BATCH_MS = 250;

/**
 * A list of one kind in the selected context and namespace, loaded over REST and kept current from the
 * tab's live stream. Must be created in an injection context (a component's field initialiser).
 */
export function liveList<R extends Resource>(
  name: KindName,
  options: { labelSelector?: Signal<string>; namespace?: Signal<string | null | undefined> } = {},
): LiveList<R> {
  const def = kindDef(name);
  if (!def) throw new Error(`unknown kind ${name}`);
  const view = inject(ViewState);
  const stream = inject(LiveStream);
  const destroyRef = inject(DestroyRef);
  const transfer = inject(TransferState);
  /** Rendering on the server: the first page only, when the render was given one (see first-page.ts). */
  const onServer = isPlatformServer(inject(PLATFORM_ID));
  const state = signal<LoadState>('loading');
  const error = signal<ReturnType<typeof describeError> | null>(null);
  const items = signal<readonly R[]>([]);
  const version = signal(0);
  const partial = signal(false);
  const total = signal(0);
  const store = new Map<string, R>();
  let pending: Change<R>[] = [];
  let loading = true;
  let generation = 0;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  const selector = computed(() => options.labelSelector?.() ?? '');
  const matcher = computed(() => parseLabelSelector(selector()) ?? (() => true));

  const publish = (): void => {
    items.set([...store.values()]);
    total.set(store.size);
    version.update((v) => v + 1);
  };
  const flush = (): void => {
    flushTimer = null;
    if (loading || pending.length === 0) return;
    const match = matcher();
    for (const change of pending) {
      const key = keyOf(change.object);
      if (change.type === 'DELETED' || !match(change.object.labels)) store.delete(key);
      else store.set(key, change.object);
    }
    pending = [];
    publish();
  };

  /** `reset`: another scope or selector, so nothing shown so far applies; a relist keeps the rows. */
  const load = (reset = false): void => {
    const mine = ++generation;
    loading = true;
    pending = [];
    if (reset) {
      store.clear();
      items.set([]);
      total.set(0);
      partial.set(false);
    }
    state.set(store.size === 0 ? 'loading' : state());
    const scope = view.scope();
    const ns = options.namespace ? options.namespace() : scope.namespace;
    const query = {
      ...(scope.context ? { context: scope.context } : {}),
      ...(def.namespaced && ns ? { namespace: ns } : {}),
      ...(selector() ? { labelSelector: selector() } : {}),
    };
    const applyWhole = (page: { items: unknown[] }): void => {
      partial.set(false);
      store.clear();
      for (const item of page.items as R[]) store.set(keyOf(item), item);
      loading = false;
      error.set(null);
      state.set('ready');
      publish();
      flush();
    };
    // With nothing on screen, the first page goes first and alone, so neither the server nor the
    // network serves it behind the whole list; when it is the whole list, that is the only request.
    // The page asked for as the app started, when it is this one (see first-page.ts).
    const firstQuery = { ...query, limit: FIRST_PAGE };
    // The page the server drew this list with is used at once, so the browser's first render shows
    // the same rows rather than a moment of "Loading".
    const rendered = store.size === 0 ? takeRenderedPage(transfer, name, firstQuery, onServer) : null;
    const onFirst = (page: FirstPage | null): void => {
      if (mine !== generation) return;
      if (page && page.total <= page.items.length && !onServer) {
        applyWhole(page);
        return;
      }
      if (page) {
        items.set(page.items as R[]);
        total.set(page.total);
        partial.set(page.total > page.items.length);
        state.set('ready');
      }
      // On the server the first page is all a render shows; the browser that takes over asks for the rest.
      if (onServer) return;
      // The whole list; its request also reports any error the first page met.
      const whole = (): void => {
        if (mine !== generation) return;
        call(def.list(query))
          .then((all) => {
            if (mine === generation) applyWhole(all);
          })
          .catch((e: unknown) => {
            if (mine !== generation) return;
            partial.set(false);
            loading = false;
            store.clear();
            items.set([]);
            error.set(describeError(e));
            state.set('error');
          });
      };
      // The whole list is asked for once the first page's rows are drawn: its answer (megabytes at
      // 10,000 pods, serialised by the API on the same machine) would otherwise take the CPU while
      // those rows are being laid out.
      if (page) afterPaint(whole);
      else whole();
    };
    if (rendered || onServer) {
      onFirst(rendered);
      return;
    }
    const first =
      store.size === 0 ? (takeFirstPage(name, firstQuery) ?? call(def.list(firstQuery))).catch(() => null) : Promise.resolve(null);
    void first.then(onFirst);
  };

  effect(() => {
    view.scope();
    options.namespace?.();
    selector();
    untracked(() => load(true));
  });

  const changes = stream.changes<R>(name).subscribe((change) => {
    const ns = options.namespace?.();
    if (ns && change.object.namespace !== ns) return;
    pending.push(change);
    if (!flushTimer) flushTimer = setTimeout(flush, BATCH_MS);
  });
  const resyncs = stream.resyncs.subscribe((kinds) => {
    if (kinds.includes(name)) load(false);
  });
  destroyRef.onDestroy(() => {
    changes.unsubscribe();
    resyncs.unsubscribe();
    if (flushTimer) clearTimeout(flushTimer);
  });

  return { kind: def, state, error, items, version, partial, total, reload: () => load(false) };
}
