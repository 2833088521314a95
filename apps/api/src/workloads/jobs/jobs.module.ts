import { Module } from '@nestjs/common';
import { WorkloadsCoreModule } from '../workloads-core.module';
import { JobsController } from './jobs.controller';

@Module({
  imports: [WorkloadsCoreModule],
  controllers: [JobsController],
})
export class JobsModule {}
