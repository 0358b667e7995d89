/**
 * Deterministic name and number generation for the demo data, so the same seed gives the same
 * residents on every machine (tests and screenshots can name them).
 */

/** mulberry32: a small, fast, seeded PRNG. */
export function createRng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int(min: number, max: number) {
      return min + Math.floor(next() * (max - min + 1));
    },
    pick<T>(xs: readonly T[]): T {
      return xs[Math.floor(next() * xs.length)] as T;
    },
    chance(p: number) {
      return next() < p;
    },
  };
}
export type Rng = ReturnType<typeof createRng>;

// Surnames weighted towards Hunan's most common ones (repeats raise the weight).
const SURNAMES = [
  ...'刘刘刘李李李陈陈陈王王王张张周周彭彭谭谭邓邓罗罗黄黄曾曾唐唐肖肖易易欧阳杨杨胡胡朱朱吴吴廖廖何何文文蒋蒋贺贺龙龙谢谢袁袁钟钟颜颜邹许宋汤凌左向伍毛尹石段雷康梁郭姚丁熊戴夏万卢严聂冯付田'
    .split('')
    .filter((c) => c !== '欧' && c !== '阳'),
  '欧阳',
];

const GIVEN = {
  oldMale: [
    '建国',
    '国华',
    '志强',
    '德明',
    '福生',
    '长林',
    '国庆',
    '卫东',
    '建华',
    '学文',
    '振华',
    '光明',
    '永生',
    '德胜',
    '家福',
    '春生',
    '正清',
    '云峰',
    '秋生',
    '树林',
    '世昌',
    '金山',
    '玉林',
    '新民',
    '满堂',
    '炳坤',
    '松柏',
    '海山',
    '应龙',
    '桂生',
  ],
  oldFemale: [
    '桂兰',
    '淑芬',
    '秀英',
    '玉兰',
    '凤英',
    '翠华',
    '素珍',
    '冬梅',
    '秀珍',
    '桂英',
    '淑华',
    '月娥',
    '金凤',
    '玉梅',
    '春兰',
    '菊香',
    '美华',
    '淑贞',
    '爱华',
    '秋菊',
    '兰英',
    '德英',
    '桂芳',
    '满秀',
    '腊梅',
    '映红',
    '四妹',
    '细妹',
  ],
  midMale: [
    '伟',
    '强',
    '军',
    '勇',
    '磊',
    '涛',
    '斌',
    '海波',
    '志刚',
    '建军',
    '红兵',
    '小龙',
    '国栋',
    '文杰',
    '晓东',
    '建平',
    '宏伟',
    '立新',
    '少华',
    '俊',
    '鹏',
    '超',
    '亮',
    '辉',
    '湘平',
    '旭东',
    '铁军',
    '长青',
  ],
  midFemale: [
    '丽',
    '敏',
    '静',
    '艳',
    '红梅',
    '晓燕',
    '丽华',
    '海燕',
    '春燕',
    '小红',
    '玲',
    '芳',
    '娟',
    '慧',
    '婷',
    '霞',
    '雪梅',
    '丽娟',
    '丹',
    '颖',
    '湘君',
    '美玲',
    '佳',
    '莉',
  ],
  youngMale: [
    '子轩',
    '浩然',
    '宇航',
    '俊杰',
    '梓豪',
    '博文',
    '一鸣',
    '思远',
    '天佑',
    '家豪',
    '浩宇',
    '子豪',
    '晨阳',
    '嘉诚',
    '明轩',
    '睿',
    '哲',
    '昊天',
    '宇轩',
    '泽宇',
    '奕辰',
    '皓轩',
  ],
  youngFemale: [
    '欣怡',
    '梓涵',
    '诗琪',
    '雨桐',
    '佳怡',
    '可馨',
    '思彤',
    '子涵',
    '梦瑶',
    '一诺',
    '语嫣',
    '心怡',
    '雅琪',
    '紫萱',
    '若汐',
    '欣妍',
    '雨欣',
    '诗涵',
    '芷若',
    '可欣',
  ],
};

export type Gender = 'm' | 'f';

export function surname(rng: Rng): string {
  return rng.pick(SURNAMES);
}

/** A given name fitting the birth year's generation and the gender. */
export function givenName(rng: Rng, gender: Gender, birthYear: number): string {
  if (birthYear < 1962) return rng.pick(gender === 'm' ? GIVEN.oldMale : GIVEN.oldFemale);
  if (birthYear < 1990) return rng.pick(gender === 'm' ? GIVEN.midMale : GIVEN.midFemale);
  return rng.pick(gender === 'm' ? GIVEN.youngMale : GIVEN.youngFemale);
}

/**
 * Phones in the 199 range (valid format, 1[3-9]…), never in 19900000xxx, which the demo
 * accounts use. Unique within one seeding run.
 */
export function createPhoneMaker(rng: Rng) {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const p = `199${String(rng.int(100_000, 99_999_999)).padStart(8, '0')}`;
      if (!used.has(p)) {
        used.add(p);
        return p;
      }
    }
  };
}
