import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { KindName } from '../../core/kinds';
import type { AnyDetail } from './detail-api';
import { ConfigMapOverview, SecretOverview } from './sections/config-overview';
import { CronJobOverview, JobOverview } from './sections/batch-overview';
import { HpaOverview } from './sections/hpa-overview';
import { IngressOverview, ServiceOverview } from './sections/network-overview';
import { Metadata } from './sections/metadata';
import { EventOverview, PvOverview, PvcOverview, QuotaOverview } from './sections/misc-overview';
import { NamespaceOverviewSection } from './sections/namespace-overview';
import { NodeOverview } from './sections/node-overview';
import { PodOverview } from './sections/pod-overview';
import { WorkloadOverview } from './sections/workload-overview';

/** The Overview tab: the kind's own sections, then the metadata every object has. */
@Component({
  selector: 'orx-detail-overview',
  imports: [
    WorkloadOverview, PodOverview, NodeOverview, ServiceOverview, IngressOverview, ConfigMapOverview, SecretOverview,
    JobOverview, CronJobOverview, NamespaceOverviewSection, HpaOverview, PvOverview, PvcOverview, EventOverview, QuotaOverview, Metadata,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <!-- $any: kind() decides which detail DTO obj() is; the switch below is that correlation, which the template type checker cannot follow. -->
    @let o = $any(obj());
    @switch (kind()) {
      @case ('deployments') { <orx-workload-overview kind="deployments" [obj]="o" /> }
      @case ('statefulsets') { <orx-workload-overview kind="statefulsets" [obj]="o" /> }
      @case ('daemonsets') { <orx-workload-overview kind="daemonsets" [obj]="o" /> }
      @case ('replicasets') { <orx-workload-overview kind="replicasets" [obj]="o" /> }
      @case ('pods') { <orx-pod-overview [obj]="o" /> }
      @case ('nodes') { <orx-node-overview [obj]="o" /> }
      @case ('services') { <orx-service-overview [obj]="o" /> }
      @case ('ingress') { <orx-ingress-overview [obj]="o" /> }
      @case ('configmaps') { <orx-configmap-overview [obj]="o" /> }
      @case ('secrets') { <orx-secret-overview [obj]="o" /> }
      @case ('jobs') { <orx-job-overview [obj]="o" /> }
      @case ('cronjobs') { <orx-cronjob-overview [obj]="o" /> }
      @case ('namespaces') { <orx-namespace-overview [obj]="o" /> }
      @case ('hpa') { <orx-hpa-overview [obj]="o" /> }
      @case ('pvs') { <orx-pv-overview [obj]="o" /> }
      @case ('pvcs') { <orx-pvc-overview [obj]="o" /> }
      @case ('events') { <orx-event-overview [obj]="o" /> }
      @case ('resourcequotas') { <orx-quota-overview [obj]="o" /> }
    }
    @if (kind() !== 'events') {
      <orx-metadata [obj]="o" />
    }
  `,
})
export class DetailOverview {
  readonly kind = input.required<KindName>();
  readonly obj = input.required<AnyDetail>();
}
