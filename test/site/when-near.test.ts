// @vitest-environment happy-dom
// whenNear (site/scripts/when-near.ts): a figure's script starts once, when the figure nears the viewport,
// when the reader points at it or tabs into it, or at once where IntersectionObserver is missing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenNear } from '../../site/scripts/when-near';

type Callback = (entries: { isIntersecting: boolean }[]) => void;
let fire: Callback = () => undefined;

class FakeObserver {
  constructor(cb: Callback) {
    fire = cb;
  }
  observe(): void {}
  disconnect(): void {}
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('whenNear', () => {
  it('starts once, when a figure comes near', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    document.body.innerHTML = '<figure data-x></figure><figure data-x></figure>';
    const start = vi.fn(() => Promise.resolve());
    whenNear('figure[data-x]', start);
    fire([{ isIntersecting: false }]);
    expect(start).not.toHaveBeenCalled();
    fire([{ isIntersecting: true }]);
    document.querySelector('figure')!.dispatchEvent(new Event('pointerenter'));
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('starts when the reader tabs into a figure first', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    document.body.innerHTML = '<figure data-x><button>b</button></figure>';
    const start = vi.fn(() => Promise.resolve());
    whenNear('figure[data-x]', start);
    document.querySelector('button')!.dispatchEvent(new Event('focusin', { bubbles: true }));
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('starts at once without IntersectionObserver, and not at all without the figure', () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    const none = vi.fn(() => Promise.resolve());
    whenNear('figure[data-x]', none);
    expect(none).not.toHaveBeenCalled();
    document.body.innerHTML = '<figure data-x></figure>';
    const start = vi.fn(() => Promise.resolve());
    whenNear('figure[data-x]', start);
    expect(start).toHaveBeenCalledTimes(1);
  });
});
