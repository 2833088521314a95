import { Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ViewState } from '../../core/view-state';

@Component({
  selector: 'orx-not-found',
  imports: [RouterLink],
  template: `
    <div class="state-box" role="alert">
      <h1>Page not found</h1>
      <p>Nothing lives at this address. <a routerLink="/" [queryParams]="view.linkParams()">Back to the dashboard</a>.</p>
    </div>
  `,
})
export class NotFoundPage {
  protected readonly view = inject(ViewState);
}
