import { Module } from '@nestjs/common';
import { WorkloadsCoreModule } from '../workloads-core.module';
import { StatefulSetsController } from './statefulsets.controller';

@Module({
  imports: [WorkloadsCoreModule],
  controllers: [StatefulSetsController],
})
export class StatefulSetsModule {}
