import type { INestApplication } from '@nestjs/common';

export const API_PREFIX = 'api';

/** Probes live at the root where orchestrators look for them; everything else is under `/api`. */
export const UNPREFIXED_ROUTES = ['healthz', 'readyz'];

export function applyRoutePrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
}
