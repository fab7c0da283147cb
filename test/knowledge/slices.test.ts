import { SliceSizer } from '../../src/knowledge/slices';

describe('SliceSizer', () => {
  it('aims each slice at the target time, growing at most twofold and staying between 1 and the maximum', () => {
    const sizer = new SliceSizer(20, 10, 100);
    sizer.took(10, 1); // 0.1 ms an item: 200 would fit, but it only doubles
    expect(sizer.size).toBe(20);
    sizer.took(20, 2);
    expect(sizer.size).toBe(40);
    sizer.took(40, 4);
    sizer.took(80, 8);
    expect(sizer.size).toBe(100);
    sizer.took(100, 400); // 4 ms an item: 5 fit in 20 ms
    expect(sizer.size).toBe(5);
    sizer.took(5, 1000);
    expect(sizer.size).toBe(1);
  });
});
