export {
  buildEvidenceBundle,
  logTail,
  MAX_BUNDLE_EVENTS,
  MAX_BUNDLE_PODS,
  MAX_LOG_BYTES,
  MAX_LOG_LINES,
  type EvidenceBundle,
  type EvidenceCondition,
  type EvidenceEvent,
  type EvidenceInput,
  type EvidenceLog,
  type EvidencePod,
} from './bundle';
