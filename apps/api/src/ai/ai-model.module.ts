import { Module } from '@nestjs/common';
import { AiRedaction } from './ai-redaction';
import { llmProvider, LLM } from './llm.provider';
import { MatchFileReranker } from './match-file-reranker';

/** The configured model (or none), and what uses it outside /api/ai: the match-file re-ranking. */
@Module({
  providers: [llmProvider, AiRedaction, MatchFileReranker],
  exports: [LLM, AiRedaction, MatchFileReranker],
})
export class AiModelModule {}
