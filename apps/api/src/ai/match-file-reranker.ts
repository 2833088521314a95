import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  buildMatchFileMessages,
  type LlmPort,
  MATCH_FILE_SCHEMA,
  type MatchFileCandidateInput,
  parseMatchFileRanking,
  redact,
} from '@orphelix/ai';
import type { MatchCandidate, MatchResult } from '@orphelix/github';
import { AiRedaction } from './ai-redaction';
import { LLM } from './llm.provider';

/** Candidates shown to the model: the deterministic top ones. */
const MAX_RERANKED = 8;
/** Bytes of each candidate file the model sees. */
const EXCERPT_BYTES = 4096;

export interface RerankObject {
  kind: string;
  namespace: string | null;
  name: string;
  labels?: Record<string, string>;
  images?: string[];
}

/** How the candidates were ordered: by the matcher alone, or re-ranked by the model. */
export interface MatchRanking {
  method: 'deterministic' | 'model';
  model: string | null;
  /** Why the model's order was not used, when it was asked and failed; null otherwise. */
  note: string | null;
}

export type RankedCandidate = MatchCandidate & { modelConfidence: number | null; modelReason: string | null };

/**
 * The model's second opinion on the matcher's candidates: it sees the object and the top candidates
 * with their reasons and an excerpt of each file (redacted), and answers with structured output. An
 * answer that is not usable — the provider failing, JSON that does not parse, paths that are not
 * candidates — leaves the deterministic order and says why; it never fails the match.
 */
@Injectable()
export class MatchFileReranker {
  private readonly logger = new Logger('MatchFile');
  constructor(
    private readonly redaction: AiRedaction,
    @Optional() @Inject(LLM) private readonly llm: LlmPort | null,
  ) {}

  async rerank(
    object: RerankObject,
    result: MatchResult,
    readFile: (path: string) => Promise<string>,
  ): Promise<{ candidates: RankedCandidate[]; ranking: MatchRanking }> {
    const plain = result.candidates.map((c) => ({ ...c, modelConfidence: null, modelReason: null }));
    const llm = this.llm;
    if (!llm) return { candidates: plain, ranking: { method: 'deterministic', model: null, note: null } };
    if (result.candidates.length < 2) return { candidates: plain, ranking: { method: 'deterministic', model: llm.model, note: null } };
    const top = result.candidates.slice(0, MAX_RERANKED);
    const options = this.redaction.options();
    // Paths are redacted like the rest (a hidden name may be a folder); the answer is mapped back.
    const original = new Map(top.map((c) => [redact(c.path, options).value, c.path]));
    const inputs: MatchFileCandidateInput[] = await Promise.all(
      top.map(async (c) => {
        let excerpt: string | undefined;
        try {
          excerpt = redact((await readFile(c.path)).slice(0, EXCERPT_BYTES), options).value;
        } catch {
          excerpt = undefined;
        }
        return { path: redact(c.path, options).value, score: c.score, reasons: c.reasons, ...(excerpt === undefined ? {} : { excerpt }) };
      }),
    );
    const resource = redact(object, options).value;
    let ranking: ReturnType<typeof parseMatchFileRanking>;
    try {
      const answer = await llm.completeJson(buildMatchFileMessages(resource, inputs), MATCH_FILE_SCHEMA);
      ranking = parseMatchFileRanking(answer.value, [...original.keys()])?.map((r) => ({ ...r, path: original.get(r.path) ?? r.path })) ?? null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`The model could not re-rank the candidates: ${message}`);
      return { candidates: plain, ranking: { method: 'deterministic', model: llm.model, note: `The model could not re-rank the files (${message}); the matcher's order is kept.` } };
    }
    if (!ranking) {
      return { candidates: plain, ranking: { method: 'deterministic', model: llm.model, note: "The model's answer was not a usable ranking; the matcher's order is kept." } };
    }
    const byPath = new Map(plain.map((c) => [c.path, c]));
    const ordered: RankedCandidate[] = ranking.flatMap((r) => {
      const candidate = byPath.get(r.path);
      if (!candidate) return [];
      byPath.delete(r.path);
      return [{ ...candidate, modelConfidence: r.confidence, modelReason: r.reason }];
    });
    // Whatever the model left out keeps the matcher's order, after the ones it ranked.
    return { candidates: [...ordered, ...plain.filter((c) => byPath.has(c.path))], ranking: { method: 'model', model: llm.model, note: null } };
  }
}
