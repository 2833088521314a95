import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { appPath, followAppLink, isActivePath, queryString } from './links';

describe('plain app links', () => {
  it('builds the query once, leaving empty values out and encoding the rest', () => {
    expect(queryString({})).toBe('');
    expect(queryString({ context: 'arn:aws:eks:eu-west-1:1:cluster/prod a', namespace: null, q: '' })).toBe(
      '?context=arn%3Aaws%3Aeks%3Aeu-west-1%3A1%3Acluster%2Fprod%20a',
    );
    expect(appPath(['pods', 'shop', 'web-1'])).toBe('/pods/shop/web-1');
    expect(appPath(['configmaps', 'a/b'])).toBe('/configmaps/a%2Fb');
  });

  it('marks an entry active on its page and the pages under it; the dashboard only on itself', () => {
    expect(isActivePath('/pods', '/pods?namespace=shop')).toBe(true);
    expect(isActivePath('/pods', '/pods/shop/web-1')).toBe(true);
    expect(isActivePath('/pods', '/podsecuritypolicies')).toBe(false);
    expect(isActivePath('/', '/?context=a')).toBe(true);
    expect(isActivePath('/', '/pods')).toBe(false);
  });

  describe('followAppLink', () => {
    let router: Router;
    let navigated: string[];
    let container: HTMLElement;
    beforeEach(() => {
      TestBed.configureTestingModule({ providers: [provideRouter([{ path: '**', children: [] }])] });
      router = TestBed.inject(Router);
      navigated = [];
      vi.spyOn(router, 'navigateByUrl').mockImplementation(async (url) => {
        navigated.push(String(url));
        return true;
      });
      container = document.createElement('div');
      container.innerHTML = `<a id="in" href="/pods/shop/web-1?context=a"><span id="inner">web-1</span></a>
        <a id="out" href="https://example.com/x">out</a><a id="tab" href="/pods" target="_blank">tab</a>
        <a id="api" href="/api/auth/github?returnTo=%2F">login</a><a id="file" href="/pods" download="x.log">file</a>`;
      document.body.append(container);
      container.addEventListener('click', (e) => followAppLink(e, router));
    });
    afterEach(() => container.remove());

    const click = (id: string, init: MouseEventInit = {}): MouseEvent => {
      const event = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...init });
      document.getElementById(id)?.dispatchEvent(event);
      return event;
    };

    it('lets the router follow a plain click on an in-app link, from any element inside it', () => {
      expect(click('inner').defaultPrevented).toBe(true);
      expect(navigated).toEqual(['/pods/shop/web-1?context=a']);
    });

    it('leaves modified clicks, targets and other origins to the browser', () => {
      for (const [id, init] of [
        ['in', { ctrlKey: true }],
        ['in', { metaKey: true }],
        ['in', { shiftKey: true }],
        ['in', { button: 1 }],
        ['tab', {}],
        ['out', {}],
        ['api', {}],
        ['file', {}],
      ] as const) {
        const event = click(id, init);
        expect(event.defaultPrevented).toBe(false);
      }
      expect(navigated).toEqual([]);
    });
  });
});
