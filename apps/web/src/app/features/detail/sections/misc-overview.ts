import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { EventDto, PersistentVolumeClaimDetail, PersistentVolumeDetail, ResourceQuotaDetail } from '../../../api/generated/types.gen';
import { objectRoute } from '../detail-logic';
import { Conditions } from '../shared/conditions';
import { type KvRow, KeyValue } from '../shared/key-value';
import { QuotaBars } from '../shared/quota-bars';

/** A PersistentVolume: size, modes, reclaim policy, the claim bound to it and its source. */
@Component({
  selector: 'orx-pv-overview',
  imports: [KeyValue],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: '../shared/detail-shared.scss',
  template: `<section aria-labelledby="pv-h"><h2 id="pv-h">Details</h2><orx-kv [rows]="rows()" /></section>`,
})
export class PvOverview {
  readonly obj = input.required<PersistentVolumeDetail>();
  protected readonly rows = computed<KvRow[]>(() => {
    const o = this.obj();
    const [claimNs, claimName] = (o.claim ?? '').split('/');
    return [
      { label: 'Status', value: o.status, badge: true },
      { label: 'Reason', value: o.reason },
      { label: 'Message', value: o.message },
      { label: 'Capacity', value: o.capacity },
      { label: 'Access modes', value: o.accessModes },
      { label: 'Reclaim policy', value: o.reclaimPolicy },
      { label: 'Claim', value: o.claim, link: claimNs && claimName ? ['/', 'pvcs', claimNs, claimName] : null },
      { label: 'Storage class', value: o.storageClass },
      { label: 'Volume mode', value: o.volumeMode },
      { label: 'Source', value: o.sourceType },
      { label: 'CSI driver', value: o.csiDriver, mono: true },
      { label: 'Mount options', value: o.mountOptions.join(', '), mono: true },
      { label: 'Attributes class', value: o.volumeAttributesClass },
    ];
  });
}

/** A PersistentVolumeClaim: status, the volume it is bound to, sizes, modes and conditions. */
@Component({
  selector: 'orx-pvc-overview',
  imports: [KeyValue, Conditions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: '../shared/detail-shared.scss',
  template: `
    <section aria-labelledby="pvc-h"><h2 id="pvc-h">Details</h2><orx-kv [rows]="rows()" /></section>
    @if (obj().conditions.length) {
      <section aria-labelledby="pvc-cond-h"><h2 id="pvc-cond-h">Conditions</h2><orx-conditions [conditions]="obj().conditions" /></section>
    }
  `,
})
export class PvcOverview {
  readonly obj = input.required<PersistentVolumeClaimDetail>();
  protected readonly rows = computed<KvRow[]>(() => {
    const o = this.obj();
    return [
      { label: 'Status', value: o.status, badge: true },
      { label: 'Volume', value: o.volume, link: o.volume ? ['/', 'pvs', o.volume] : null },
      { label: 'Capacity', value: o.capacity },
      { label: 'Requested', value: o.requested },
      { label: 'Access modes', value: o.accessModes || o.requestedAccessModes },
      { label: 'Storage class', value: o.storageClass },
      { label: 'Volume mode', value: o.volumeMode },
      { label: 'Data source', value: o.dataSource },
      { label: 'Attributes class', value: o.volumeAttributesClass },
    ];
  });
}

/** One event: what happened to which object, how often and when. */
@Component({
  selector: 'orx-event-overview',
  imports: [KeyValue],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: '../shared/detail-shared.scss',
  template: `<section aria-labelledby="ev-h"><h2 id="ev-h">Event</h2><orx-kv [rows]="rows()" /></section>`,
})
export class EventOverview {
  readonly obj = input.required<EventDto>();
  protected readonly rows = computed<KvRow[]>(() => {
    const o = this.obj();
    const io = o.involvedObject;
    return [
      { label: 'Type', value: o.type, badge: true },
      { label: 'Reason', value: o.reason },
      { label: 'Message', value: o.message },
      { label: 'Object', value: `${io.kind}/${io.name}`, link: objectRoute(io.kind, io.name, io.namespace) },
      { label: 'Field', value: io.fieldPath, mono: true },
      { label: 'Count', value: o.count },
      { label: 'First seen', value: o.firstTimestamp },
      { label: 'Last seen', value: o.lastTimestamp },
      { label: 'Source', value: o.source },
    ];
  });
}

/** A ResourceQuota: each resource used against its hard limit, and the quota's scopes. */
@Component({
  selector: 'orx-quota-overview',
  imports: [QuotaBars],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: '../shared/detail-shared.scss',
  template: `
    <section aria-labelledby="rq-h">
      <h2 id="rq-h">Usage</h2>
      <orx-quota-bars [items]="obj().items" />
      @if (obj().scopes.length) {
        <p>Scopes: {{ obj().scopes.join(', ') }}</p>
      }
    </section>
  `,
})
export class QuotaOverview {
  readonly obj = input.required<ResourceQuotaDetail>();
}
