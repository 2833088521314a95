import { Module } from '@nestjs/common';
import { WorkloadsCoreModule } from '../workloads-core.module';
import { DeploymentsController } from './deployments.controller';

@Module({
  imports: [WorkloadsCoreModule],
  controllers: [DeploymentsController],
})
export class DeploymentsModule {}
