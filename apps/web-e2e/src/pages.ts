/**
 * What the suites know about the console: its list pages (the sidebar's order), and which of the pages
 * still being built have landed. A page that has not landed has its tests skipped with that reason;
 * set its flag to true once it is on the main branch so its tests run (and must pass).
 */
export const LIST_KINDS = [
  { path: 'deployments', title: 'Deployments', namespaced: true },
  { path: 'statefulsets', title: 'StatefulSets', namespaced: true },
  { path: 'daemonsets', title: 'DaemonSets', namespaced: true },
  { path: 'replicasets', title: 'ReplicaSets', namespaced: true },
  { path: 'pods', title: 'Pods', namespaced: true },
  { path: 'jobs', title: 'Jobs', namespaced: true },
  { path: 'cronjobs', title: 'CronJobs', namespaced: true },
  { path: 'services', title: 'Services', namespaced: true },
  { path: 'ingress', title: 'Ingresses', namespaced: true },
  { path: 'configmaps', title: 'ConfigMaps', namespaced: true },
  { path: 'secrets', title: 'Secrets', namespaced: true },
  { path: 'pvs', title: 'Persistent Volumes', namespaced: false },
  { path: 'pvcs', title: 'Persistent Volume Claims', namespaced: true },
  { path: 'namespaces', title: 'Namespaces', namespaced: false },
  { path: 'nodes', title: 'Nodes', namespaced: false },
  { path: 'hpa', title: 'HPAs', namespaced: true },
  { path: 'events', title: 'Events', namespaced: true },
  { path: 'resourcequotas', title: 'Resource Quotas', namespaced: true },
] as const;

export type ListKind = (typeof LIST_KINDS)[number];

export const LANDED = {
  /** `/`: health score, summary tiles, broken items, charts (features/dashboard). */
  dashboard: true,
  /** `/<kind>/<ns>/<name>`: title, status, tabs, YAML, events, pods, restart (features/detail). */
  detail: true,
  /** The logs tab of a pod or deployment detail page (features/logs, inside features/detail). */
  logs: true,
};

/** `skip` option of a test that needs a page still being built. */
export function needs(page: keyof typeof LANDED): { skip?: string } {
  return LANDED[page] ? {} : { skip: `the ${page} page has not landed yet (set LANDED.${page} in apps/web-e2e/src/pages.ts)` };
}
