export {
  buildTroubleshootMessages,
  DEFAULT_MAX_PROMPT_CHARS,
  TROUBLESHOOT_HEADINGS,
  TROUBLESHOOT_SYSTEM_PROMPT,
  type TroubleshootPromptInput,
  type TroubleshootTurn,
} from './troubleshoot';
export {
  buildMatchFileMessages,
  MATCH_FILE_SCHEMA,
  MATCH_FILE_SYSTEM_PROMPT,
  MAX_EXCERPT_CHARS,
  MAX_REASON_CHARS,
  parseMatchFileRanking,
  type MatchFileCandidateInput,
  type MatchFileRanking,
  type MatchFileResourceInput,
} from './match-file';
