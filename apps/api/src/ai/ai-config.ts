import { SecretValue } from '../config/app-config';

/**
 * The model provider, configured on the server only (the browser never sees the key): any endpoint that
 * speaks OpenAI's chat completions — OpenAI, Azure OpenAI's v1 API, a local Ollama or vLLM.
 */
export interface AiProviderSettings {
  /** `ORPHELIX_AI_BASE_URL`, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1. */
  baseUrl: string;
  /** `ORPHELIX_AI_MODEL`: required with a base URL; there is no default model. */
  model: string;
  /** `ORPHELIX_AI_API_KEY`: optional (local servers take none). Never logged, never sent to a browser. */
  apiKey: SecretValue | null;
  /** `ORPHELIX_AI_API_VERSION`: sent as `api-version` (Azure OpenAI's classic deployments need it). */
  apiVersion: string | null;
  /** `ORPHELIX_AI_TIMEOUT_MS` (default 60000): per request; for a streamed answer, until each chunk. */
  timeoutMs: number;
  /** `ORPHELIX_AI_MAX_RETRIES` (default 2): on 408, 409, 429, 5xx and connection errors, with backoff. */
  maxRetries: number;
  /** `ORPHELIX_AI_MAX_OUTPUT_TOKENS` (default 1500). */
  maxOutputTokens: number;
  /**
   * `ORPHELIX_AI_TOKEN_PARAMETER` (default `max_tokens`, which every compatible server takes): OpenAI's
   * reasoning models refuse it and need `max_completion_tokens`.
   */
  tokenParameter: 'max_tokens' | 'max_completion_tokens';
}

export interface AiSettings {
  /** Null when `ORPHELIX_AI_BASE_URL` is unset: the AI routes answer with the analyzers' findings only. */
  provider: AiProviderSettings | null;
  /** `ORPHELIX_AI_MAX_PROMPT_CHARS` (default 48000, about 12k tokens): the evidence is cut to fit. */
  maxPromptChars: number;
  /**
   * `ORPHELIX_AI_HIDE_NAMES`: comma-separated names (namespaces, objects, hosts, any literal) replaced
   * by stable pseudonyms in everything sent to the model.
   */
  hideNames: readonly string[];
}

type Read = (name: string) => string | undefined;
type Fail = (variable: string, message: string) => void;

function integer(read: Read, fail: Fail, name: string, fallback: number, min: number, max: number): number {
  const raw = read(name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
  fail(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  return fallback;
}

/** Reads the `ORPHELIX_AI_*` variables; every problem is reported through `fail`. */
export function parseAiSettings(read: Read, fail: Fail): AiSettings {
  const maxPromptChars = integer(read, fail, 'ORPHELIX_AI_MAX_PROMPT_CHARS', 48_000, 4_000, 2_000_000);
  const hideNames = (read('ORPHELIX_AI_HIDE_NAMES') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const timeoutMs = integer(read, fail, 'ORPHELIX_AI_TIMEOUT_MS', 60_000, 100, 600_000);
  const maxRetries = integer(read, fail, 'ORPHELIX_AI_MAX_RETRIES', 2, 0, 10);
  const maxOutputTokens = integer(read, fail, 'ORPHELIX_AI_MAX_OUTPUT_TOKENS', 1_500, 16, 100_000);
  const rawTokenParameter = read('ORPHELIX_AI_TOKEN_PARAMETER') ?? 'max_tokens';
  const tokenParameter = rawTokenParameter === 'max_completion_tokens' ? 'max_completion_tokens' : 'max_tokens';
  if (rawTokenParameter !== tokenParameter) {
    fail('ORPHELIX_AI_TOKEN_PARAMETER', `must be max_tokens or max_completion_tokens, got "${rawTokenParameter}"`);
  }
  const rawUrl = read('ORPHELIX_AI_BASE_URL');
  const model = read('ORPHELIX_AI_MODEL');
  const apiKey = read('ORPHELIX_AI_API_KEY');
  if (rawUrl === undefined) {
    if (model !== undefined || apiKey !== undefined) {
      fail('ORPHELIX_AI_BASE_URL', 'must be set when ORPHELIX_AI_MODEL or ORPHELIX_AI_API_KEY is (e.g. https://api.openai.com/v1)');
    }
    return { provider: null, maxPromptChars, hideNames };
  }
  let url: URL | null = null;
  try {
    url = new URL(rawUrl);
  } catch {
    fail('ORPHELIX_AI_BASE_URL', 'must be a URL such as https://api.openai.com/v1');
  }
  if (url && url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail('ORPHELIX_AI_BASE_URL', `must be an http:// or https:// URL, got the scheme "${url.protocol.replace(/:$/, '')}"`);
    url = null;
  }
  if (url && (url.username || url.password)) {
    // The message never repeats the URL: it holds a credential.
    fail('ORPHELIX_AI_BASE_URL', 'must not carry a user or password; put the key in ORPHELIX_AI_API_KEY');
    url = null;
  }
  if (model === undefined) fail('ORPHELIX_AI_MODEL', 'must be set with ORPHELIX_AI_BASE_URL (e.g. gpt-4.1-mini, llama3.1:8b)');
  if (!url || model === undefined) return { provider: null, maxPromptChars, hideNames };
  return {
    provider: {
      baseUrl: url.toString().replace(/\/$/, ''),
      model,
      apiKey: apiKey === undefined ? null : new SecretValue(apiKey),
      apiVersion: read('ORPHELIX_AI_API_VERSION') ?? null,
      timeoutMs,
      maxRetries,
      maxOutputTokens,
      tokenParameter,
    },
    maxPromptChars,
    hideNames,
  };
}
