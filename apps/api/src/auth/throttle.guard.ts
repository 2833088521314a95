import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { ApiError } from '../common/errors/api-error';
import type { RequestIdentity } from './identity';

/**
 * Rate limits per user (a logged-in user or token is one budget wherever it connects from) or, for the
 * local user and anonymous callers, per address — one budget across all routes, not one per route as
 * the base class counts. A refusal is our envelope: 429 `RATE_LIMITED` with
 * `Retry-After`.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  // The base class types requests as Record<string, any>.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const user = req['user'] as RequestIdentity | undefined;
    if (user && user.kind !== 'local') return `user:${user.id}`;
    return `ip:${String(req['ip'] ?? 'unknown')}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new ApiError('RATE_LIMITED', `Too many requests: at most ${detail.limit} per ${Math.round(detail.ttl / 1000)} s; try again in ${seconds} s`, {
      retryAfterSeconds: seconds,
    });
  }
}
