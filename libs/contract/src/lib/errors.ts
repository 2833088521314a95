/** Every machine-readable error code the API answers with. */
export const ERROR_CODES = [
  'VALIDATION_ERROR',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONTEXT_NOT_FOUND',
  'CONFLICT',
  'UNPROCESSABLE',
  'RATE_LIMITED',
  'UPSTREAM_ERROR',
  'CLUSTER_UNREACHABLE',
  'INTERNAL_ERROR',
] as const;

/** Machine-readable error code of an {@link ErrorEnvelope}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status each error code is sent with; clients may rely on the pairing. */
export const ERROR_CODE_HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_ERROR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONTEXT_NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UPSTREAM_ERROR: 502,
  CLUSTER_UNREACHABLE: 503,
  INTERNAL_ERROR: 500,
};

/** The body of every 4xx and 5xx response. */
export interface ErrorEnvelope {
  /** Human-readable message, safe to show to the user; never a stack trace. */
  error: string;
  /** Machine-readable code; see {@link ERROR_CODE_HTTP_STATUS} for the status it comes with. */
  code: ErrorCode;
  /**
   * Structured detail whose shape depends on `code`: {@link ValidationErrorDetails} for
   * `VALIDATION_ERROR`, {@link ForbiddenErrorDetails} for `FORBIDDEN`, {@link ContextNotFoundDetails}
   * for `CONTEXT_NOT_FOUND`; `{}` when there is nothing to add.
   */
  details: Record<string, unknown>;
  /** The request's id, also sent as the `X-Request-Id` header; quote it when reporting a problem. */
  requestId: string;
}

/** One invalid field of a request. */
export interface FieldError {
  /** The parameter or body field, e.g. `namespace`, `limit`, `body.files[0].path`. */
  field: string;
  /** What is wrong with it. */
  message: string;
}

/** `details` of a `VALIDATION_ERROR`. */
export interface ValidationErrorDetails {
  /** Every invalid field; at least one. */
  fields: FieldError[];
}

/** `details` of a `FORBIDDEN` error, taken from the apiserver's Status when RBAC refused. */
export interface ForbiddenErrorDetails {
  /** The refused verb, e.g. `list`; `null` when the apiserver did not say. */
  verb: string | null;
  /** The refused resource, e.g. `nodes`; `null` when the apiserver did not say. */
  resource: string | null;
  /** The namespace of the refused request; `null` for cluster-scoped requests. */
  namespace: string | null;
}

/** `details` of a `CONTEXT_NOT_FOUND` error. */
export interface ContextNotFoundDetails {
  /** The context that was asked for. */
  context: string;
  /** The context names the server knows. */
  known: string[];
}
