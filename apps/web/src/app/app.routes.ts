import type { ActivatedRouteSnapshot, Route } from '@angular/router';
import { KINDS } from './core/kinds';
import { Shell } from './shell/shell';

const listRoutes: Route[] = KINDS.map((k) => ({
  path: k.name,
  title: `${k.title} · Orphelix`,
  data: { kind: k.name },
  loadComponent: () => import('./features/list/resource-list.page').then((m) => m.ResourceListPage),
}));

/** `/<kind>/<namespace>/<name>` (cluster-scoped kinds: `/<kind>/<name>`), titled `<name> · <Kind> · Orphelix`. */
const detailRoutes: Route[] = KINDS.map((k) => ({
  path: k.namespaced ? `${k.name}/:namespace/:name` : `${k.name}/:name`,
  title: (route: ActivatedRouteSnapshot) => `${route.paramMap.get('name') ?? ''} · ${k.singular} · Orphelix`,
  data: { kind: k.name },
  loadComponent: () => import('./features/detail/detail.page').then((m) => m.DetailPage),
}));

export const appRoutes: Route[] = [
  {
    path: '',
    component: Shell,
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'Dashboard · Orphelix',
        loadComponent: () => import('./features/dashboard/dashboard.page').then((m) => m.DashboardPage),
      },
      {
        path: 'settings',
        title: 'Settings · Orphelix',
        loadComponent: () => import('./features/settings/settings.page').then((m) => m.SettingsPage),
      },
      {
        path: 'github',
        title: 'GitHub · Orphelix',
        loadComponent: () => import('./features/github/github.page').then((m) => m.GitHubPage),
      },
      ...listRoutes,
      ...detailRoutes,
      { path: '**', title: 'Not found · Orphelix', loadComponent: () => import('./features/not-found/not-found.page').then((m) => m.NotFoundPage) },
    ],
  },
];
