import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuthModule } from './auth/auth.module';
import { AutoscalingModule } from './autoscaling/autoscaling.module';
import { ClusterModule } from './cluster/cluster.module';
import { ErrorEnvelopeFilter } from './common/errors/error-envelope.filter';
import { RequestValidationPipe } from './common/errors/request-validation.error';
import { loggerParams } from './common/logging/logger-options';
import { ConfigResourcesModule } from './config-resources/config-resources.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { ConnectionModule } from './connection/connection.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { EventsModule } from './events/events.module';
import { GitHubModule } from './github/github.module';
import { AiModule } from './ai/ai.module';
import { HealthModule } from './health/health.module';
import { LiveModule } from './live/live.module';
import { NamespacesModule } from './namespaces/namespaces.module';
import { NetworkModule } from './network/network.module';
import { NodesModule } from './nodes/nodes.module';
import { PersistenceModule } from './persistence/persistence.module';
import { PodsModule } from './pods/pods.module';
import { QuotasModule } from './quotas/quotas.module';
import { SettingsModule } from './settings/settings.module';
import { StorageModule } from './storage/storage.module';
import { StreamModule } from './stream/stream.module';
import { WorkloadsModule } from './workloads/workloads.module';

export interface AppModuleOptions {
  /** Where log lines go instead of stdout; tests use it to read the log. */
  logDestination?: DestinationStream;
}

/** The root module. Resource modules are added to `imports`. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        AuthModule.forRoot(config),
        AiModule,
        AutoscalingModule,
        ClusterModule,
        ConfigResourcesModule,
        ConnectionModule,
        DashboardModule,
        EventsModule,
        GitHubModule.forRoot(config),
        HealthModule,
        LiveModule,
        LoggerModule.forRoot(loggerParams(config, options.logDestination)),
        NamespacesModule,
        NetworkModule,
        NodesModule,
        PersistenceModule,
        PodsModule,
        QuotasModule,
        SettingsModule,
        StorageModule,
        StreamModule,
        WorkloadsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
      ],
    };
  }
}
