import { SIDEBAR, kindDef } from '../core/kinds';

/** One link of the sidebar. */
export interface NavEntry {
  path: string;
  title: string;
}

export interface NavGroup {
  /** null: entries outside any named group. */
  group: string | null;
  items: NavEntry[];
}

export const DASHBOARD_ENTRY: NavEntry = { path: '/', title: 'Dashboard' };

/** The kinds' lists, grouped as the sidebar shows them. */
export const NAV_GROUPS: readonly NavGroup[] = SIDEBAR.map((g) => ({
  group: g.group,
  items: g.kinds.map((k) => ({ path: `/${k}`, title: kindDef(k)?.title ?? k })),
}));

/** The foot of the sidebar, in this order: Settings stays last. */
export const FOOT_ENTRIES: readonly NavEntry[] = [
  { path: '/github', title: 'GitHub' },
  { path: '/settings', title: 'Settings' },
];

/** Every entry a pin may name, by path. */
const ENTRIES = new Map<string, NavEntry>(
  [DASHBOARD_ENTRY, ...NAV_GROUPS.flatMap((g) => g.items), ...FOOT_ENTRIES].map((e) => [e.path, e]),
);

/**
 * The pinned group: the entries the pins name, in the pins' order and with the entries' own titles.
 * A path the sidebar has no entry for (a page since removed, a hand-written setting) is left out, and
 * a path pinned twice shows once.
 */
export function pinnedEntries(pins: readonly string[]): NavEntry[] {
  const out: NavEntry[] = [];
  const seen = new Set<string>();
  for (const pin of pins) {
    const entry = ENTRIES.get(pin);
    if (!entry || seen.has(pin)) continue;
    seen.add(pin);
    out.push(entry);
  }
  return out;
}
