/** Troubleshooting for Orphelix: rule-based analyzers that turn Kubernetes objects and events into findings. */
export * from './lib/analyzers';
export * from './lib/llm';
export * from './lib/evidence';
export * from './lib/redact';
export * from './lib/prompt';
