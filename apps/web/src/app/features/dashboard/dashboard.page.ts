import { Component } from '@angular/core';

@Component({
  selector: 'orx-dashboard',
  template: `<div class="page-header"><h1>Dashboard</h1></div>`,
})
export class DashboardPage {}
