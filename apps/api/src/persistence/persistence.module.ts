import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DATABASE, type Database } from './database';
import { LazyDatabase } from './open-database';
import { API_TOKENS_REPOSITORY, SqlApiTokensRepository } from './repositories/api-tokens.repository';
import { AUDIT_LOG_REPOSITORY, SqlAuditLogRepository } from './repositories/audit-log.repository';
import { SESSIONS_REPOSITORY, SqlSessionsRepository } from './repositories/sessions.repository';
import { SETTINGS_REPOSITORY, SqlSettingsRepository } from './repositories/settings.repository';
import { SqlUsersRepository, USERS_REPOSITORY } from './repositories/users.repository';
import { TokenCipher } from './token-cipher';

/**
 * The database (SQLite file, or PostgreSQL with `DATABASE_URL`) and the repositories over it, for
 * every module. The database connects and migrates on first use and closes with the application.
 */
@Global()
@Module({
  providers: [
    { provide: DATABASE, useFactory: (config: AppConfig) => LazyDatabase.fromConfig(config), inject: [AppConfig] },
    { provide: TokenCipher, useFactory: (config: AppConfig) => TokenCipher.fromConfig(config), inject: [AppConfig] },
    { provide: USERS_REPOSITORY, useClass: SqlUsersRepository },
    { provide: SESSIONS_REPOSITORY, useClass: SqlSessionsRepository },
    { provide: API_TOKENS_REPOSITORY, useClass: SqlApiTokensRepository },
    { provide: AUDIT_LOG_REPOSITORY, useClass: SqlAuditLogRepository },
    { provide: SETTINGS_REPOSITORY, useClass: SqlSettingsRepository },
  ],
  exports: [
    DATABASE,
    TokenCipher,
    USERS_REPOSITORY,
    SESSIONS_REPOSITORY,
    API_TOKENS_REPOSITORY,
    AUDIT_LOG_REPOSITORY,
    SETTINGS_REPOSITORY,
  ],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
