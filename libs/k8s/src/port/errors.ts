/**
 * Domain errors thrown by every ClusterPort adapter. The API's exception filter maps each `code` to its
 * HTTP status and the error envelope; adapters never build HTTP responses themselves.
 */
export type ClusterErrorCode =
  | 'CLUSTER_UNREACHABLE'
  | 'CONFLICT'
  | 'CONTEXT_NOT_FOUND'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'UNAUTHENTICATED'
  | 'UNPROCESSABLE'
  | 'VALIDATION_ERROR'
  | 'UPSTREAM_ERROR';

export class ClusterError extends Error {
  constructor(
    readonly code: ClusterErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ClusterError';
  }
}

/** Duck-typed so that errors crossing module realms (Jest, bundlers) are still recognised. */
export function isClusterError(error: unknown): error is ClusterError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'ClusterError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

export const notFound = (kind: string, name: string, namespace?: string): ClusterError =>
  new ClusterError(
    'NOT_FOUND',
    namespace ? `${kind} "${name}" not found in namespace "${namespace}"` : `${kind} "${name}" not found`,
    { kind, name, ...(namespace ? { namespace } : {}) },
  );

export const contextNotFound = (context: string, known: string[]): ClusterError =>
  new ClusterError('CONTEXT_NOT_FOUND', `Unknown context "${context}"`, { context, known });

/** A 410 Gone: the resourceVersion (or continue token) asked for has been compacted away; relist. */
export function isGone(error: unknown): boolean {
  return isClusterError(error) && error.details['gone'] === true;
}

export const gone = (message: string, details: Record<string, unknown> = {}): ClusterError =>
  new ClusterError('CONFLICT', message, { ...details, gone: true });
