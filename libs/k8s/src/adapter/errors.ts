import { ClusterError } from '../port/errors';

/** The apiserver's `Status` object, as far as we read it. */
interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; retryAfterSeconds?: number; causes?: { field?: string; message?: string }[] };
}

function parseStatus(body: string): StatusBody | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as StatusBody) : null;
  } catch {
    return null;
  }
}

/**
 * RBAC denials read `User "x" cannot list resource "nodes" in API group "" at the cluster scope` or
 * `… in the namespace "payments"`: the parts a console needs to explain the 403.
 */
export function parseForbidden(message: string): { user?: string; verb?: string; resource?: string; group?: string; namespace?: string } {
  const m = message.match(/User "([^"]*)" cannot (\S+) resource "([^"]*)" in API group "([^"]*)"(?: in the namespace "([^"]*)"| at the cluster scope)?/);
  if (!m) return {};
  return {
    user: m[1],
    verb: m[2],
    resource: m[3],
    group: m[4],
    ...(m[5] ? { namespace: m[5] } : {}),
  };
}

/**
 * Maps an apiserver error answer to a ClusterError that keeps its meaning (403 stays 403, …). A 4xx
 * with no meaning for our callers (405, 406, 415…) says our request was malformed: that is our bug,
 * so it stays a plain Error and becomes a 500.
 */
export function errorFromResponse(status: number, body: string, context: string): ClusterError | Error {
  const s = parseStatus(body);
  const message = s?.message || `the apiserver answered ${status}`;
  const base = { context, reason: s?.reason ?? null, ...(s?.details?.kind ? { kind: s.details.kind } : {}), ...(s?.details?.name ? { name: s.details.name } : {}) };
  switch (status) {
    case 400:
      return new ClusterError('VALIDATION_ERROR', message, { ...base, fields: (s?.details?.causes ?? []).map((c) => ({ field: c.field ?? '', message: c.message ?? '' })) });
    case 401:
      return new ClusterError('UNAUTHENTICATED', `The cluster rejected our credentials (context "${context}")`, base);
    case 403:
      return new ClusterError('FORBIDDEN', message, { ...base, ...parseForbidden(message) });
    case 404:
      return new ClusterError('NOT_FOUND', message, base);
    case 409:
      return new ClusterError('CONFLICT', message, base);
    case 410:
      return new ClusterError('CONFLICT', message, { ...base, gone: true });
    case 422:
      return new ClusterError('UNPROCESSABLE', message, { ...base, causes: s?.details?.causes ?? [] });
    case 429:
      return new ClusterError('RATE_LIMITED', message, { ...base, retryAfterSeconds: s?.details?.retryAfterSeconds ?? 1 });
    default:
      if (status < 500) return new Error(`the apiserver refused our request (${status}): ${message}`);
      // 5xx from the apiserver itself (etcd down, a timeout inside it): the cluster cannot serve us.
      return new ClusterError('CLUSTER_UNREACHABLE', message, { ...base, status });
  }
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  EPIPE: 'connection closed',
};

/** Maps a transport failure (refused, DNS, TLS, timeout) to 503 CLUSTER_UNREACHABLE with the reason. */
export function errorFromTransport(error: unknown, context: string, server: string): ClusterError {
  const code = (error as { code?: unknown }).code;
  const raw = error instanceof Error ? error.message : String(error);
  const reason =
    typeof code === 'string' && NETWORK_REASONS[code]
      ? NETWORK_REASONS[code]
      : typeof code === 'string' && (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('DEPTH_ZERO') || code.startsWith('SELF_SIGNED'))
        ? `TLS: ${raw}`
        : raw;
  return new ClusterError('CLUSTER_UNREACHABLE', `Cannot reach the cluster of context "${context}" at ${server}: ${reason}`, {
    context,
    server,
    reason,
    ...(typeof code === 'string' ? { errno: code } : {}),
  });
}
