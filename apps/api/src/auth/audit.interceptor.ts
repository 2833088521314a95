import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, concatMap, type Observable } from 'rxjs';
import { AUDIT_LOG_REPOSITORY, type AuditLogRepository, type AuditResult } from '../persistence/repositories/audit-log.repository';
import { type AuthedRequest, requestIdOf } from './access.guard';
import { isStateChanging } from './csrf';

export const AUDIT_ACTION = 'orphelix:audit-action';

/** Names a mutation in the audit log (`pod.restart`, `settings.update`); unnamed ones are `METHOD /route`. */
export const Audited = (action: string): MethodDecorator => SetMetadata(AUDIT_ACTION, action);

/** The fields of a request that say what it acted on; never the body (it may hold file contents). */
export function auditTarget(req: Pick<AuthedRequest, 'params' | 'query'>): string | null {
  const parts: string[] = [];
  const query = req.query as Record<string, unknown>;
  // `kind` and `name` address the object of the AI routes (which send its evidence to a model).
  for (const key of ['context', 'namespace', 'kind', 'name']) {
    if (typeof query[key] === 'string') parts.push(`${key}=${query[key]}`);
  }
  for (const [key, value] of Object.entries(req.params ?? {})) parts.push(`${key}=${value}`);
  return parts.length > 0 ? parts.join(' ') : null;
}

/**
 * Writes every state-changing request that reached its handler to the audit log — who, what, on what,
 * with which result, when — once it has answered. Refusals before the handler (login, CSRF) are
 * logged where they are decided.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUDIT_LOG_REPOSITORY) private readonly audit: AuditLogRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (!isStateChanging(req.method)) return next.handle();
    const action =
      this.reflector.get<string | undefined>(AUDIT_ACTION, context.getHandler()) ??
      `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}`;
    // Written before the answer leaves, so whoever reads the log next sees the entry.
    const record = (result: AuditResult, details: Record<string, unknown>): Promise<void> =>
      this.audit.append({ actor: req.user?.id ?? 'anonymous', action, target: auditTarget(req), result, requestId: requestIdOf(req), details });
    return next.handle().pipe(
      concatMap(async (value: unknown) => {
        await record('success', {});
        return value;
      }),
      catchError(async (error: unknown) => {
        await record('failure', { code: (error as { code?: unknown }).code ?? null, message: error instanceof Error ? error.message : String(error) }).catch(
          () => undefined,
        );
        throw error;
      }),
    );
  }
}
