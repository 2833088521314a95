import { inspect } from 'node:util';
import { ConfigError, loadConfig } from '../config/app-config';

function issues(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env, '/srv/orphelix');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error('loadConfig accepted an invalid environment');
}

describe('ORPHELIX_AI_*', () => {
  it('reads a provider: base URL, model, key (kept secret), version, limits and hidden names', () => {
    const { ai } = loadConfig(
      {
        ORPHELIX_AI_BASE_URL: 'http://127.0.0.1:11434/v1/',
        ORPHELIX_AI_MODEL: 'llama3.1:8b',
        ORPHELIX_AI_API_KEY: 'sk-local-key',
        ORPHELIX_AI_API_VERSION: '2024-10-21',
        ORPHELIX_AI_TIMEOUT_MS: '5000',
        ORPHELIX_AI_MAX_RETRIES: '0',
        ORPHELIX_AI_MAX_OUTPUT_TOKENS: '800',
        ORPHELIX_AI_TOKEN_PARAMETER: 'max_completion_tokens',
        ORPHELIX_AI_MAX_PROMPT_CHARS: '20000',
        ORPHELIX_AI_HIDE_NAMES: ' payments , acme-prod ,,',
      },
      '/srv/orphelix',
    );
    expect(ai.provider).toMatchObject({
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'llama3.1:8b',
      apiVersion: '2024-10-21',
      timeoutMs: 5000,
      maxRetries: 0,
      maxOutputTokens: 800,
      tokenParameter: 'max_completion_tokens',
    });
    expect(ai.provider?.apiKey?.reveal()).toBe('sk-local-key');
    expect(inspect(ai)).not.toContain('sk-local-key');
    expect(JSON.stringify(ai)).not.toContain('sk-local-key');
    expect(ai.maxPromptChars).toBe(20_000);
    expect(ai.hideNames).toEqual(['payments', 'acme-prod']);
  });

  it('takes no key for local servers, and defaults the limits', () => {
    const { ai } = loadConfig({ ORPHELIX_AI_BASE_URL: 'http://127.0.0.1:8000/v1', ORPHELIX_AI_MODEL: 'qwen2.5' }, '/srv/orphelix');
    expect(ai.provider).toMatchObject({
      apiKey: null,
      apiVersion: null,
      timeoutMs: 60_000,
      maxRetries: 2,
      maxOutputTokens: 1500,
      tokenParameter: 'max_tokens',
    });
  });

  it('names every variable that is wrong, never repeating a credential', () => {
    expect(issues({ ORPHELIX_AI_MODEL: 'gpt-4.1-mini' }).map((i) => i.variable)).toEqual(['ORPHELIX_AI_BASE_URL']);
    expect(issues({ ORPHELIX_AI_BASE_URL: 'https://api.openai.com/v1' }).map((i) => i.variable)).toEqual(['ORPHELIX_AI_MODEL']);
    expect(issues({ ORPHELIX_AI_BASE_URL: 'ftp://models', ORPHELIX_AI_MODEL: 'm' }).map((i) => i.variable)).toEqual(['ORPHELIX_AI_BASE_URL']);
    expect(issues({ ORPHELIX_AI_BASE_URL: 'not a url', ORPHELIX_AI_MODEL: 'm' }).map((i) => i.variable)).toEqual(['ORPHELIX_AI_BASE_URL']);
    const withPassword = issues({ ORPHELIX_AI_BASE_URL: 'https://user:hunter2@llm.example.com/v1', ORPHELIX_AI_MODEL: 'm' });
    expect(withPassword.map((i) => i.variable)).toEqual(['ORPHELIX_AI_BASE_URL']);
    expect(JSON.stringify(withPassword)).not.toContain('hunter2');
    expect(
      issues({
        ORPHELIX_AI_BASE_URL: 'https://api.openai.com/v1',
        ORPHELIX_AI_MODEL: 'm',
        ORPHELIX_AI_TIMEOUT_MS: '10s',
        ORPHELIX_AI_MAX_RETRIES: '11',
        ORPHELIX_AI_MAX_OUTPUT_TOKENS: '0',
        ORPHELIX_AI_MAX_PROMPT_CHARS: '100',
        ORPHELIX_AI_TOKEN_PARAMETER: 'max_output',
      }).map((i) => i.variable),
    ).toEqual([
      'ORPHELIX_AI_MAX_PROMPT_CHARS',
      'ORPHELIX_AI_TIMEOUT_MS',
      'ORPHELIX_AI_MAX_RETRIES',
      'ORPHELIX_AI_MAX_OUTPUT_TOKENS',
      'ORPHELIX_AI_TOKEN_PARAMETER',
    ]);
  });
});
