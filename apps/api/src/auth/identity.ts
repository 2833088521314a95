import type { Session } from '../persistence/repositories/sessions.repository';

/** Who is asking, as the identity guard resolved it; `req.user` on every API request. */
export interface RequestIdentity {
  /** A user id, `token:<id>`, `admin-token` or `local` (auth off, on loopback). */
  id: string;
  login: string;
  kind: 'github' | 'token' | 'local';
  /** May manage API tokens and read the audit log. */
  admin: boolean;
  /** The GitHub session behind a `github` identity. */
  session: Session | null;
}

export const LOCAL_IDENTITY: RequestIdentity = Object.freeze({ id: 'local', login: 'local', kind: 'local', admin: true, session: null });
