import { Module } from '@nestjs/common';
import { ResourcesModule } from '../resources/resources.module';
import { WorkloadsService } from './workloads.service';

/** The read side and the ownership and restart rules every workload family's controller uses. */
@Module({
  imports: [ResourcesModule],
  providers: [WorkloadsService],
  exports: [ResourcesModule, WorkloadsService],
})
export class WorkloadsCoreModule {}
