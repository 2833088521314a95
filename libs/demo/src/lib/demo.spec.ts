import { demo } from './demo';

describe('demo', () => {
  it('should work', () => {
    expect(demo()).toEqual('demo');
  });
});
