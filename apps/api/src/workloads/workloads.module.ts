import { Module } from '@nestjs/common';
import { CronJobsModule } from './cronjobs/cronjobs.module';
import { DaemonSetsModule } from './daemonsets/daemonsets.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { JobsModule } from './jobs/jobs.module';
import { ReplicaSetsModule } from './replicasets/replicasets.module';
import { StatefulSetsModule } from './statefulsets/statefulsets.module';

/** The workload route families: deployments, statefulsets, daemonsets, replicasets, jobs, cronjobs. */
@Module({
  imports: [DeploymentsModule, StatefulSetsModule, DaemonSetsModule, ReplicaSetsModule, JobsModule, CronJobsModule],
})
export class WorkloadsModule {}
