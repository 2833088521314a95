import { Module } from '@nestjs/common';
import { WorkloadsCoreModule } from '../workloads-core.module';
import { CronJobsController } from './cronjobs.controller';

@Module({
  imports: [WorkloadsCoreModule],
  controllers: [CronJobsController],
})
export class CronJobsModule {}
