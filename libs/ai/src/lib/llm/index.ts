export * from './chat';
export * from './llm-port';
export { createOpenAiCompatibleLlm } from './openai-llm';
