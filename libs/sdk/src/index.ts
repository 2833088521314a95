export { createOrphelixClient, OrphelixClient, type OrphelixClientOptions } from './lib/client.js';
export { OrphelixApiError, OrphelixNetworkError, type OrphelixApiErrorInit } from './lib/errors.js';
export { DEFAULT_RETRIES, type RetryOptions } from './lib/retry.js';
export { readSse, type RawSseEvent } from './lib/sse.js';
export { type OrphelixChangeEvent, type OrphelixStreamEvent, sinceList, type StreamOptions } from './lib/stream.js';
export { OrphelixSdk } from './generated/sdk.gen.js';
export type * from './generated/types.gen.js';
