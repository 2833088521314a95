/** Test support: a fake OpenAI-compatible server over real HTTP, for the adapter's, the API's and the browser's tests. */
export * from './fake-openai';
export * from './redaction-corpus';
