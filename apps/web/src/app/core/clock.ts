import { Injectable, signal } from '@angular/core';

/** A shared "now" that moves every few seconds, so ages on screen advance without re-fetching. */
@Injectable({ providedIn: 'root' })
export class Clock {
  readonly now = signal(Date.now());
  constructor() {
    setInterval(() => this.now.set(Date.now()), 5_000);
  }
}
