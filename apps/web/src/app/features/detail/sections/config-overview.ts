import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { ConfigMapDetail, SecretDetail } from '../../../api/generated/types.gen';
import { formatBytes, isLong } from '../detail-logic';

/** A ConfigMap: each key with its value (long values start collapsed), and binary keys with sizes. */
@Component({
  selector: 'orx-configmap-overview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let o = obj();
    <section aria-labelledby="cm-data-h">
      <h2 id="cm-data-h">Data ({{ o.dataCount }} {{ o.dataCount === 1 ? 'key' : 'keys' }}){{ o.immutable ? ' · immutable' : '' }}</h2>
      @if (entries().length === 0 && o.binaryData.length === 0) {
        <p class="empty">This ConfigMap holds no data.</p>
      }
      @for (e of entries(); track e.key) {
        <details class="entry" [open]="!e.long" data-testid="config-entry">
          <summary><span class="mono key">{{ e.key }}</span> <span class="muted">{{ e.lines }} {{ e.lines === 1 ? 'line' : 'lines' }} · {{ e.size }}</span></summary>
          <pre class="mono value" tabindex="0" [attr.aria-label]="'Value of ' + e.key">{{ e.value }}</pre>
        </details>
      }
      @if (o.binaryData.length) {
        <h3>Binary data</h3>
        <table class="t">
          <thead><tr><th scope="col">Key</th><th scope="col" class="num">Size</th></tr></thead>
          <tbody>
            @for (b of o.binaryData; track b.key) {
              <tr><td class="mono">{{ b.key }}</td><td class="num">{{ bytes(b.size) }}</td></tr>
            }
          </tbody>
        </table>
      }
    </section>
  `,
  styleUrl: '../shared/detail-shared.scss',
  styles: `
    .entry { border: 1px solid var(--border); border-radius: 8px; margin-bottom: 8px; background: var(--surface); }
    summary { padding: 6px 10px; cursor: pointer; }
    .key { font-weight: 600; }
    .value { margin: 0; padding: 10px; border-top: 1px solid var(--border); background: var(--surface-2); overflow: auto; max-height: 50vh; border-radius: 0 0 8px 8px; }
  `,
})
export class ConfigMapOverview {
  readonly obj = input.required<ConfigMapDetail>();
  protected readonly entries = computed(() =>
    Object.entries(this.obj().data ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => ({ key, value, long: isLong(value), lines: value.split('\n').length, size: formatBytes(new TextEncoder().encode(value).length) })),
  );
  protected readonly bytes = formatBytes;
}

/** A Secret: its type and keys with their sizes. Values never reach the browser. */
@Component({
  selector: 'orx-secret-overview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let o = obj();
    <section aria-labelledby="sec-data-h">
      <h2 id="sec-data-h">Data ({{ o.dataCount }} {{ o.dataCount === 1 ? 'key' : 'keys' }})</h2>
      <dl class="kv">
        <dt>Type</dt><dd class="mono">{{ o.type }}</dd>
        <dt>Immutable</dt><dd>{{ o.immutable ? 'Yes' : 'No' }}</dd>
      </dl>
      <p class="note" data-testid="secret-note">
        Orphelix never sends secret values to the browser: only the keys and the size of each value are shown.
        Use <code>kubectl get secret</code> with the right permissions to read a value.
      </p>
      @if (o.keys.length === 0) {
        <p class="empty">This Secret holds no data.</p>
      } @else {
        <table class="t" data-testid="secret-keys">
          <thead><tr><th scope="col">Key</th><th scope="col" class="num">Size</th></tr></thead>
          <tbody>
            @for (k of o.keys; track k.key) {
              <tr><td class="mono">{{ k.key }}</td><td class="num">{{ bytes(k.size) }}</td></tr>
            }
          </tbody>
        </table>
      }
    </section>
  `,
  styleUrl: '../shared/detail-shared.scss',
})
export class SecretOverview {
  readonly obj = input.required<SecretDetail>();
  protected readonly bytes = formatBytes;
}
