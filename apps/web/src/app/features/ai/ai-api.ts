import { client } from '../../api/generated/client.gen';
import { troubleshoot } from '../../api/generated/sdk.gen';
import { ERROR_CODE_HTTP_STATUS, type ErrorCode } from '@orphelix/contract';
import type {
  TroubleshootBody,
  TroubleshootData,
  TroubleshootDoneDto,
  TroubleshootStartDto,
} from '../../api/generated/types.gen';
import { ApiError, apiErrorFromBody, isEnvelope } from '../../core/api';

export type TroubleshootQuery = TroubleshootData['query'];

/** What the troubleshooting stream tells, event by event. */
export interface TroubleshootHandlers {
  start(data: TroubleshootStartDto): void;
  delta(text: string): void;
  done(data: TroubleshootDoneDto): void;
}

function envelopeError(status: number, body: unknown, retryAfter: string | null): ApiError {
  const error = apiErrorFromBody(status, body);
  // The header is the API's word when the envelope leaves the wait out.
  if (isEnvelope(body) && status === 429 && error.details['retryAfterSeconds'] === undefined && retryAfter && Number.isFinite(Number(retryAfter))) {
    return new ApiError(status, error.code, error.message, { ...error.details, retryAfterSeconds: Number(retryAfter) }, error.requestId);
  }
  return error;
}

/**
 * `POST /api/ai/troubleshoot`, read as it streams: the generated client's event-stream reader (fetch
 * and a ReadableStream, since EventSource cannot POST; the client's interceptors add the CSRF header),
 * asked never to retry — a retry would ask the model again. Resolves once the stream is over or
 * `signal` aborted it; rejects with an {@link ApiError}: the envelope of a refusal before the stream
 * (502, 429 with its wait, 404…), the `error` event's envelope, or a stream cut before `done`.
 */
export async function streamTroubleshoot(
  query: TroubleshootQuery,
  body: TroubleshootBody,
  signal: AbortSignal,
  on: TroubleshootHandlers,
): Promise<void> {
  let failure: unknown = null;
  let finished = false;
  const configured = client.getConfig().fetch;
  const result = await troubleshoot({
    query,
    body,
    signal,
    sseMaxRetryAttempts: 1,
    // The reader throws away a refused response's body; this keeps its envelope.
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await (configured ? configured(input, init) : globalThis.fetch(input, init));
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = null;
        }
        throw envelopeError(response.status, parsed, response.headers.get('Retry-After'));
      }
      return response;
    }) as typeof fetch,
    onSseEvent: (event) => {
      if (finished || failure) return;
      const data: unknown = event.data;
      switch (event.event) {
        case 'start':
          on.start(data as TroubleshootStartDto);
          break;
        case 'delta':
          on.delta((data as { text?: unknown }).text === undefined ? '' : String((data as { text: unknown }).text));
          break;
        case 'done':
          finished = true;
          on.done(data as TroubleshootDoneDto);
          break;
        case 'error':
          failure = envelopeError(isEnvelope(data) ? (ERROR_CODE_HTTP_STATUS[data.code as ErrorCode] ?? 502) : 502, data, null);
          break;
        default:
          // retry:, heartbeat
          break;
      }
    },
    onSseError: (error) => {
      if (!failure) failure = error;
    },
  });
  for await (const event of result.stream) {
    void event;
    // `done` or `error` is the last event: the server ends the stream, and an error stops reading.
    if (failure) break;
  }
  if (signal.aborted) return;
  if (failure instanceof ApiError) throw failure;
  if (failure) {
    throw new ApiError(0, 'NETWORK_ERROR', `The answer could not be read (${failure instanceof Error ? failure.message : String(failure)})`);
  }
  if (!finished) throw new ApiError(0, 'NETWORK_ERROR', 'The connection closed before the answer was complete');
}
