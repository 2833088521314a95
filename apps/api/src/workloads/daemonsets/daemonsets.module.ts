import { Module } from '@nestjs/common';
import { WorkloadsCoreModule } from '../workloads-core.module';
import { DaemonSetsController } from './daemonsets.controller';

@Module({
  imports: [WorkloadsCoreModule],
  controllers: [DaemonSetsController],
})
export class DaemonSetsModule {}
