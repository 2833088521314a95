import { Module } from '@nestjs/common';
import { AiController } from './ai.controller';
import { AiService } from './ai.service';
import { EvidenceService } from './evidence.service';
import { FindingsService } from './findings.service';
import { AiModelModule } from './ai-model.module';

/** /api/ai: the analyzers' findings, the evidence preview and troubleshooting with the configured model. */
@Module({
  imports: [AiModelModule],
  controllers: [AiController],
  providers: [AiService, EvidenceService, FindingsService],
})
export class AiModule {}
