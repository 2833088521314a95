import { existsSync } from 'node:fs';
import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CLUSTER_PORT, type ClusterPort } from '@orphelix/k8s';
import { AppConfig } from '../config/app-config';
import { adapters } from './adapters';
import { processEnvironment, resolveClusterMode } from './cluster-mode';

/** Adapters that hold sockets or watches (the real cluster's TLS agents) expose `close()`. */
interface Closable {
  close?: () => unknown;
}

export function createClusterPort(config: AppConfig, logger = new Logger('ClusterModule')): ClusterPort {
  const decision = resolveClusterMode(config, processEnvironment(existsSync));
  try {
    const port = decision.mode === 'demo' ? adapters.createDemo() : adapters.createKube(config);
    logger.log(`Using ${decision.mode} mode: ${decision.reason}`);
    return port;
  } catch (error) {
    // Boot logs are buffered until the app exists, so the reason must travel with the error.
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot start in ${decision.mode} mode (${decision.reason}): ${message}`, { cause: error });
  }
}

/**
 * Provides CLUSTER_PORT to every module: the one source of cluster data, chosen once at boot from the
 * configuration. Tests replace it with `overrideProvider(CLUSTER_PORT)`.
 */
@Global()
@Module({
  providers: [{ provide: CLUSTER_PORT, useFactory: createClusterPort, inject: [AppConfig] }],
  exports: [CLUSTER_PORT],
})
export class ClusterModule implements OnApplicationShutdown {
  constructor(@Inject(CLUSTER_PORT) private readonly port: ClusterPort) {}

  async onApplicationShutdown(): Promise<void> {
    await (this.port as ClusterPort & Closable).close?.();
  }
}
