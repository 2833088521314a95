import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { FindingDto, FindingObjectDto } from '../../api/generated/types.gen';
import { kubeAge } from '../../core/age';
import { Clock } from '../../core/clock';
import { ViewState } from '../../core/view-state';
import { findingRoute, isEventEvidence, severityLabel, severityTone, splitStep } from './ai-logic';
import { copyText } from './markdown-view';

/**
 * The analyzers' findings about one object and what it owns: each with its severity, title, the object
 * it is about (a link when it is another one, e.g. a Deployment's pod), summary, the evidence it was
 * concluded from and the next steps, their kubectl commands copyable.
 */
@Component({
  selector: 'orx-findings-list',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="findings" aria-label="Findings">
      @for (f of findings(); track f.id; let i = $index) {
        <li class="finding" data-testid="ai-finding" [attr.data-analyzer]="f.analyzer" [attr.data-severity]="f.severity">
          <h4 class="title">
            <span class="badge" [class]="tone(f.severity)">{{ label(f.severity) }}</span>
            <span data-testid="ai-finding-title">{{ f.title }}</span>
          </h4>
          @if (!isSubject(f.object)) {
            @let route = routeOf(f);
            <p class="object muted">{{ f.object.kind }}
              @if (route) {
                <a [routerLink]="route" [queryParams]="view.linkParams()">{{ f.object.name }}</a>
              } @else {
                <span class="mono">{{ f.object.name }}</span>
              }
            </p>
          }
          <p class="summary">{{ f.summary }}</p>
          @if (f.evidence.length > 0) {
            <h5 [id]="'ai-ev-' + i">Evidence</h5>
            <ul class="evidence" [attr.aria-labelledby]="'ai-ev-' + i">
              @for (e of f.evidence; track $index) {
                @if (isEvent(e)) {
                  <li>
                    <span class="ev-name">{{ e.event }}</span>
                    @if (e.count > 1) {
                      <span class="muted"> ×{{ e.count }}</span>
                    }
                    @if (e.lastSeen) {
                      <span class="muted" [title]="e.lastSeen"> · {{ ago(e.lastSeen) }} ago</span>
                    }
                    <span>: {{ e.value }}</span>
                  </li>
                } @else {
                  <li><code>{{ e.field }}</code><span class="muted"> = </span><span class="mono">{{ e.value }}</span></li>
                }
              }
            </ul>
          }
          @if (f.nextSteps.length > 0) {
            <h5 [id]="'ai-next-' + i">Next steps</h5>
            <ol class="steps" [attr.aria-labelledby]="'ai-next-' + i">
              @for (s of f.nextSteps; track $index) {
                @let step = split(s);
                <li>
                  @if (step.text) {
                    <span>{{ step.text }}</span>
                  }
                  @if (step.command; as command) {
                    <span class="command">
                      <code data-testid="ai-command">{{ command }}</code>
                      <button type="button" class="button copy" [attr.aria-label]="'Copy command: ' + command" (click)="copy(command)">Copy</button>
                    </span>
                  }
                </li>
              }
            </ol>
          }
        </li>
      }
    </ul>
    <span class="visually-hidden" aria-live="polite">{{ copied() }}</span>
  `,
  styles: `
    :host { display: block; }
    .findings { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 10px; }
    .finding { border: 1px solid var(--border); border-radius: 8px; padding: 10px 12px; background: var(--surface); }
    .title { display: flex; gap: 8px; align-items: baseline; margin: 0 0 4px; font-size: 14px; }
    .object, .summary { margin: 0 0 6px; }
    h5 { margin: 8px 0 2px; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--text-2); }
    .evidence, .steps { margin: 0; padding-left: 20px; font-size: 13px; }
    .evidence li, .steps li { margin: 2px 0; overflow-wrap: anywhere; }
    code { font-family: var(--mono); font-size: 12.5px; background: var(--muted-bg); border-radius: 4px; padding: 0 4px; }
    .ev-name { font-weight: 600; }
    .command { display: flex; gap: 8px; align-items: center; margin-top: 2px; code { overflow-wrap: anywhere; } }
    .copy { padding: 0 8px; font-size: 12px; flex: none; }
  `,
})
export class FindingsList {
  protected readonly view = inject(ViewState);
  private readonly clock = inject(Clock);
  readonly findings = input.required<FindingDto[]>();
  /** The object of the page: its findings name it without a link. */
  readonly subject = input<FindingObjectDto | null>(null);
  protected readonly copied = signal('');

  protected readonly tone = severityTone;
  protected readonly label = severityLabel;
  protected readonly split = splitStep;
  protected readonly isEvent = isEventEvidence;
  protected readonly routeOf = findingRoute;

  protected isSubject(object: FindingObjectDto): boolean {
    const s = this.subject();
    return !!s && s.kind === object.kind && s.name === object.name && (s.namespace ?? null) === (object.namespace ?? null);
  }

  protected ago(iso: string): string {
    return kubeAge(iso, this.clock.now());
  }

  protected copy(command: string): void {
    copyText(command, this.copied);
  }
}
