import { Module } from '@nestjs/common';
import { WorkloadsCoreModule } from '../workloads-core.module';
import { ReplicaSetsController } from './replicasets.controller';

@Module({
  imports: [WorkloadsCoreModule],
  controllers: [ReplicaSetsController],
})
export class ReplicaSetsModule {}
