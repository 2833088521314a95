/**
 * The redaction corpus for tests outside this library (the API's preview and troubleshoot specs plant the
 * samples in lab objects and search what reached the fake model provider). See `lib/redact/corpus.ts`.
 */
export { BENIGN_CORPUS, REDACTION_CORPUS, splitEnvSample, type BenignEntry, type CorpusEntry, type CorpusPlace } from '../lib/redact/corpus';
