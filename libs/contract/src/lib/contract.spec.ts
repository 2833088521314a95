import { ERROR_CODE_HTTP_STATUS, ERROR_CODES } from './errors';
import { RESOURCE_KIND_NAMES } from './kinds';
import { LOG_LEVELS } from './logs';
import { WELL_KNOWN_POD_STATUS_REASONS, WORKLOAD_STATUSES } from './status';
import { STREAM_CONTROL_EVENT_NAMES, STREAM_KIND_EVENT_NAMES } from './stream';

const unique = (values: readonly string[]) => new Set(values).size === values.length;

describe('contract constants', () => {
  it('pairs every error code with the status API.md gives it', () => {
    expect(Object.keys(ERROR_CODE_HTTP_STATUS).sort()).toEqual([...ERROR_CODES].sort());
    expect(ERROR_CODE_HTTP_STATUS).toMatchObject({
      VALIDATION_ERROR: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      CONTEXT_NOT_FOUND: 404,
      UNPROCESSABLE: 422,
      RATE_LIMITED: 429,
      UPSTREAM_ERROR: 502,
      CLUSTER_UNREACHABLE: 503,
      INTERNAL_ERROR: 500,
    });
  });

  it('names every SSE event once, kind events never colliding with control events', () => {
    const kindEvents = RESOURCE_KIND_NAMES.map((kind) => STREAM_KIND_EVENT_NAMES[kind]);
    expect(unique([...kindEvents, ...STREAM_CONTROL_EVENT_NAMES])).toBe(true);
    expect(STREAM_KIND_EVENT_NAMES.pods).toBe('pod');
    expect(STREAM_KIND_EVENT_NAMES.hpa).toBe('horizontalpodautoscaler');
  });

  it('keeps its enumerations free of duplicates and in severity order', () => {
    expect(unique(WELL_KNOWN_POD_STATUS_REASONS)).toBe(true);
    expect(unique(WORKLOAD_STATUSES)).toBe(true);
    expect(LOG_LEVELS).toEqual(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);
  });
});
