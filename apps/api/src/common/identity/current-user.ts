import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Who is asking. An authentication layer sets it as `req.user`; without one every caller is `local`. */
export interface RequestUser {
  /** A user id, or `local` when authentication is off. Per-user data (settings) is keyed by it. */
  id: string;
  login: string;
  kind: 'github' | 'token' | 'local';
}

/** The one user of an API running without authentication. */
export const LOCAL_USER_ID = 'local';

/** `req.user.id` when an authentication layer set one, else `local`. */
export function currentUserId(request: { user?: Partial<RequestUser> | null }): string {
  const id = request.user?.id;
  return typeof id === 'string' && id !== '' ? id : LOCAL_USER_ID;
}

/** The current user's id as a handler parameter: `get(@CurrentUserId() userId: string)`. */
export const CurrentUserId = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  currentUserId(context.switchToHttp().getRequest<{ user?: Partial<RequestUser> | null }>()),
);
