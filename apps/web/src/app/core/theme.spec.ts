import { TestBed } from '@angular/core/testing';
import { Theme } from './theme';

describe('Theme', () => {
  beforeEach(() => localStorage.clear());

  it('does not store the default as if it were a choice, and stores a choice once made', () => {
    const theme = TestBed.inject(Theme);
    TestBed.tick();
    expect(document.documentElement.dataset['theme']).toBe('system');
    expect(localStorage.getItem('orphelix.theme')).toBeNull();
    theme.choice.set('dark');
    TestBed.tick();
    expect(localStorage.getItem('orphelix.theme')).toBe('dark');
    theme.choice.set('system');
    TestBed.tick();
    expect(localStorage.getItem('orphelix.theme')).toBe('system');
  });
});
