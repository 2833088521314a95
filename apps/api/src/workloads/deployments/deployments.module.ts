import { Module } from '@nestjs/common';
import { WorkloadsCoreModule } from '../workloads-core.module';
import { DeploymentLogsService } from './deployment-logs.service';
import { DeploymentsController } from './deployments.controller';

@Module({
  imports: [WorkloadsCoreModule],
  controllers: [DeploymentsController],
  providers: [DeploymentLogsService],
})
export class DeploymentsModule {}
