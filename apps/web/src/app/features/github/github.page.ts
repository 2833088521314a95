import { ChangeDetectionStrategy, Component } from '@angular/core';

/** The GitHub workspace: repository and branch, the repository's files, and the edit basket. */
@Component({
  selector: 'orx-github-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div class="page-header"><h1>GitHub</h1></div>`,
})
export class GitHubPage {}
