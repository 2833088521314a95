import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CLUSTER_PORT, type ClusterPort, SummaryView, WatchCache } from '@orphelix/k8s';
import { AppConfig } from '../config/app-config';
import { LiveReader } from './live-reader.service';
import { WATCH_CACHE } from './live.tokens';
import { PreSerializedInterceptor } from './pre-serialized';

/**
 * The process's shared watch cache and what reads it: list routes, the dashboard and `/api/stream`
 * all go through one informer per (context, kind, scope).
 */
@Global()
@Module({
  providers: [
    {
      provide: WATCH_CACHE,
      useFactory: (config: AppConfig, port: ClusterPort): WatchCache | null => (config.watchCache ? new WatchCache(port) : null),
      inject: [AppConfig, CLUSTER_PORT],
    },
    { provide: SummaryView, useFactory: () => new SummaryView() },
    LiveReader,
    { provide: APP_INTERCEPTOR, useClass: PreSerializedInterceptor },
  ],
  exports: [WATCH_CACHE, SummaryView, LiveReader],
})
export class LiveModule implements OnApplicationShutdown {
  constructor(@Inject(WATCH_CACHE) private readonly cache: WatchCache | null) {}

  onApplicationShutdown(): void {
    this.cache?.close();
  }
}
