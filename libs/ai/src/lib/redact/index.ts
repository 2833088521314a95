export { MIN_KNOWN_SECRET_LENGTH, pseudonym, redact, redactText, type Redacted, type Redaction, type RedactionOptions } from './redact';
export { REDACTION_RULES, type RedactionRule } from './rules';
