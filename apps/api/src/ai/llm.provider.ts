import type { Provider } from '@nestjs/common';
import { createOpenAiCompatibleLlm, type LlmPort } from '@orphelix/ai';
import { AppConfig } from '../config/app-config';

/** Injection token of the model (`LlmPort | null`: null when no provider is configured). */
export const LLM = Symbol('LLM');

export const llmProvider: Provider = {
  provide: LLM,
  inject: [AppConfig],
  useFactory: (config: AppConfig): LlmPort | null => {
    const provider = config.ai.provider;
    if (!provider) return null;
    return createOpenAiCompatibleLlm({
      baseURL: provider.baseUrl,
      apiKey: provider.apiKey?.reveal() ?? null,
      model: provider.model,
      timeoutMs: provider.timeoutMs,
      maxRetries: provider.maxRetries,
      maxOutputTokens: provider.maxOutputTokens,
      tokenLimitParameter: provider.tokenParameter,
      ...(provider.apiVersion ? { query: { 'api-version': provider.apiVersion } } : {}),
    });
  },
};
