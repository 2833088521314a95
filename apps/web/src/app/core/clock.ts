import { isPlatformBrowser } from '@angular/common';
import { Injectable, PLATFORM_ID, inject, signal } from '@angular/core';

/** A shared "now" that moves every few seconds, so ages on screen advance without re-fetching. */
@Injectable({ providedIn: 'root' })
export class Clock {
  readonly now = signal(Date.now());
  constructor() {
    // A page rendered on the server is drawn once, at one "now".
    if (isPlatformBrowser(inject(PLATFORM_ID))) setInterval(() => this.now.set(Date.now()), 5_000);
  }
}
