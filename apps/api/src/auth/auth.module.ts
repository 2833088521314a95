import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { TokenCipher } from '../persistence/token-cipher';
import { AccessGuard } from './access.guard';
import { AdminController } from './admin.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { GitHubStrategy } from './github.strategy';
import { IdentityService } from './identity.service';
import { OAuthStateSigner } from './oauth-state';
import { LOGIN_ROUTE } from './public.decorator';
import { RateLimitGuard } from './throttle.guard';

/**
 * Who is asking and what they may do, for every route: identity (GitHub login, API tokens, or the
 * local user on loopback), CSRF on state-changing browser requests, rate limits, and the audit log.
 */
@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    const limits = config.auth.rateLimits;
    const providers: Provider[] = [
      IdentityService,
      AuthService,
      // Order matters: who is asking (and CSRF) first, so rate limits count per user.
      { provide: APP_GUARD, useClass: AccessGuard },
      ...(limits.perMinute > 0 ? [{ provide: APP_GUARD, useClass: RateLimitGuard }] : []),
      { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      // Only with GitHub login configured: deriving the state key reads (or creates) the secret key.
      ...(config.auth.github
        ? [
            { provide: OAuthStateSigner, useFactory: (cipher: TokenCipher) => new OAuthStateSigner(cipher.deriveKey('oauth-state')), inject: [TokenCipher] },
            GitHubStrategy,
          ]
        : []),
    ];
    return {
      module: AuthModule,
      imports: [
        ThrottlerModule.forRoot([
          { name: 'default', ttl: 60_000, limit: Math.max(1, limits.perMinute) },
          {
            name: 'mutations',
            ttl: 60_000,
            limit: Math.max(1, limits.mutationsPerMinute),
            skipIf: (context) => ['GET', 'HEAD', 'OPTIONS'].includes(context.switchToHttp().getRequest<{ method: string }>().method),
          },
          {
            name: 'logins',
            ttl: 60_000,
            limit: Math.max(1, limits.loginsPerMinute),
            skipIf: (context) => Reflect.getMetadata(LOGIN_ROUTE, context.getHandler()) !== true,
          },
        ]),
      ],
      controllers: [AuthController, AdminController],
      providers,
      exports: [IdentityService],
    };
  }
}
