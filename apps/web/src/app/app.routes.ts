import type { Route } from '@angular/router';
import { KINDS } from './core/kinds';
import { Shell } from './shell/shell';

const listRoutes: Route[] = KINDS.map((k) => ({
  path: k.name,
  title: `${k.title} · Orphelix`,
  data: { kind: k.name },
  loadComponent: () => import('./features/list/resource-list.page').then((m) => m.ResourceListPage),
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
      ...listRoutes,
      { path: '**', title: 'Not found · Orphelix', loadComponent: () => import('./features/not-found/not-found.page').then((m) => m.NotFoundPage) },
    ],
  },
];
