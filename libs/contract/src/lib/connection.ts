import type { ErrorCode } from './errors';

/** A kubeconfig context, as `kubectl config get-contexts` shows it. */
export interface ContextDto {
  /** Context name; pass it as `?context=`. */
  name: string;
  /** Cluster the context points at. */
  cluster: string;
  /** API server URL of that cluster. */
  server: string;
  /** User (credentials) the context uses. */
  user: string;
  /** Default namespace of the context; `null` when it sets none. */
  namespace: string | null;
  /** `true` for the kubeconfig's current context, used when a request names none. */
  current: boolean;
}

/** The result of probing a context's cluster. */
export interface TestConnectionDto {
  /** The context probed. */
  context: string;
  /** `true` when the apiserver answered and accepted the credentials. */
  ok: boolean;
  /**
   * `connected`; `forbidden` when the apiserver answered but RBAC refused the probe (the cluster is
   * reachable, permissions are limited); `unauthenticated` when the credentials were rejected;
   * `unreachable` on connection, DNS, TLS or timeout failures.
   */
  status: 'connected' | 'forbidden' | 'unauthenticated' | 'unreachable';
  /** Human-readable outcome. */
  message: string;
  /** The apiserver's version, e.g. `v1.36.3`; `null` when it could not be read. */
  serverVersion: string | null;
  /** The apiserver's platform, e.g. `linux/amd64`; `null` when it could not be read. */
  platform: string | null;
  /** Round-trip time of the probe in milliseconds; `null` when it failed before an answer. */
  latencyMs: number | null;
  /**
   * Whether the context's identity may list namespaces cluster-wide, asked with a
   * SelfSubjectAccessReview. `false` is normal for namespace-scoped users: the console then needs a
   * namespace to work in.
   */
  canListNamespaces: boolean;
  /** The error code the failure maps to; `null` when `ok`. */
  code: ErrorCode | null;
  /** When the probe ran, ISO-8601. */
  checkedAt: string;
}
