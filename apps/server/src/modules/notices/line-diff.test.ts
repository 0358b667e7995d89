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

describe('lineDiff bounds', () => {
  it('answers the largest texts with nothing in common at once, exactly, as the coarse diff', () => {
    // 25,000 one-character lines each (the 50,000-character cap): quadratic work would be 625 M cells.
    const a = Array.from({ length: 25_000 }, (_, i) => (i % 2 ? 'a' : 'b')).join('\n');
    const b = Array.from({ length: 25_000 }, (_, i) => (i % 3 ? 'c' : 'd')).join('\n');
    const started = performance.now();
    const d = lineDiff(a, b);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(apply(d, 'a')).toBe(a);
    expect(apply(d, 'b')).toBe(b);
    expect(d.filter((l) => l.op === 'same').length).toBe(0);
    expect(d.length).toBe(50_000);
  });

  it('still finds the minimal diff of a large text with a few edits', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `第${i}条`);
    const edited = [...lines];
    edited.splice(10_000, 1, '新的第10000条');
    edited.splice(15_000, 0, '插入的一条');
    const d = lineDiff(lines.join('\n'), edited.join('\n'));
    expect(d.filter((l) => l.op !== 'same')).toEqual([
      { op: 'del', text: '第10000条' },
      { op: 'add', text: '新的第10000条' },
      { op: 'add', text: '插入的一条' },
    ]);
    expect(apply(d, 'b')).toBe(edited.join('\n'));
  });
});
