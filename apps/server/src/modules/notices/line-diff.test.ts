import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff';

function apply(diff: ReturnType<typeof lineDiff>, side: 'a' | 'b'): string {
  return diff
    .filter((l) => l.op === 'same' || l.op === (side === 'a' ? 'del' : 'add'))
    .map((l) => l.text)
    .join('\n');
}

describe('lineDiff', () => {
  it('marks identical texts as all the same', () => {
    expect(lineDiff('一\n二', '一\n二')).toEqual([
      { op: 'same', text: '一' },
      { op: 'same', text: '二' },
    ]);
  });

  it('finds a changed, an added and a removed line in the middle', () => {
    const a = '第一条 爱护环境\n第二条 文明养犬\n第三条 不在绿化带种菜\n第四条 邻里和睦';
    const b = '第一条 爱护环境\n第二条 文明养犬，牵绳出行\n第三条 不在绿化带种菜\n第五条 垃圾分类\n第四条 邻里和睦';
    const d = lineDiff(a, b);
    expect(d.filter((l) => l.op === 'del').map((l) => l.text)).toEqual(['第二条 文明养犬']);
    expect(d.filter((l) => l.op === 'add').map((l) => l.text)).toEqual(['第二条 文明养犬，牵绳出行', '第五条 垃圾分类']);
    expect(apply(d, 'a')).toBe(a);
    expect(apply(d, 'b')).toBe(b);
  });

  it('reconstructs both sides of random edits exactly', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 50; round++) {
      const a = Array.from({ length: Math.floor(rand() * 20) }, () => String.fromCharCode(97 + Math.floor(rand() * 4)));
      const b = a.filter(() => rand() > 0.3).concat(rand() > 0.5 ? ['z'] : []);
      const d = lineDiff(a.join('\n'), b.join('\n'));
      expect(apply(d, 'a')).toBe(a.join('\n'));
      expect(apply(d, 'b')).toBe(b.join('\n'));
    }
  });
});
