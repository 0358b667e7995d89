import { type Gender, givenName, type Rng, surname } from './demo-names';

/** The demo data's "today": ages in the article are counted in this year. */
export const DEMO_YEAR = 2026;

export interface DemoPerson {
  id: string;
  name: string;
  gender: Gender;
  birthYear: number;
  phone: string | null;
  tags: string[];
  compoundId: string;
  unitId: string;
  head: boolean;
}

export interface HouseholdProfile {
  /** Birth years of heads of household. */
  headBirth: [number, number];
  /** Share of adults (25+) who are party members. */
  partyRate: number;
}

export interface FixedHead {
  id: string;
  name: string;
  gender: Gender;
  birthYear: number;
  phone: string;
  tags: string[];
}

/**
 * One household: a head, usually a spouse, then children, a child's spouse and grandchildren,
 * with birth years that fit the generations.
 */
export function makeHousehold(
  rng: Rng,
  opts: {
    size: number;
    compoundId: string;
    unitId: string;
    profile: HouseholdProfile;
    phone: () => string;
    nextId: () => string;
    head?: FixedHead;
  },
): DemoPerson[] {
  const { size, compoundId, unitId, profile } = opts;
  const out: DemoPerson[] = [];
  const add = (gender: Gender, birthYear: number, family: string, head = false): DemoPerson => {
    const p: DemoPerson = {
      id: opts.nextId(),
      name: family + givenName(rng, gender, birthYear),
      gender,
      birthYear,
      phone: null,
      tags: [],
      compoundId,
      unitId,
      head,
    };
    const age = DEMO_YEAR - birthYear;
    if (age >= 16 && rng.chance(age >= 80 ? 0.5 : 0.92)) p.phone = opts.phone();
    if (rng.chance(0.02)) p.tags.push('残疾');
    if (age >= 25 && rng.chance(profile.partyRate)) p.tags.push('党员');
    else if (age >= 14 && age <= 28 && rng.chance(0.3)) p.tags.push('团员');
    out.push(p);
    return p;
  };
  let head: DemoPerson;
  let family: string;
  if (opts.head) {
    const h = opts.head;
    family = [...h.name][0] ?? surname(rng);
    head = { ...h, tags: [...h.tags], compoundId, unitId, head: true };
    out.push(head);
  } else {
    family = surname(rng);
    head = add(rng.chance(0.6) ? 'm' : 'f', rng.int(profile.headBirth[0], profile.headBirth[1]), family, true);
  }
  let remaining = size - 1;
  if (remaining > 0 && (size > 2 || rng.chance(0.9))) {
    add(head.gender === 'm' ? 'f' : 'm', head.birthYear + rng.int(-4, 4), surname(rng));
    remaining--;
  }
  // Children take the father's family name; when the head is a woman we keep hers for brevity.
  const children: DemoPerson[] = [];
  for (let i = 0; remaining > 0 && i < 2; i++, remaining--) {
    children.push(add(rng.chance(0.5) ? 'm' : 'f', Math.min(DEMO_YEAR - 1, head.birthYear + rng.int(24, 32)), family));
  }
  const first = children[0];
  if (remaining > 0 && first) {
    add(first.gender === 'm' ? 'f' : 'm', first.birthYear + rng.int(-3, 3), surname(rng));
    remaining--;
  }
  for (; remaining > 0; remaining--) {
    const base = first?.birthYear ?? head.birthYear + 28;
    add(rng.chance(0.5) ? 'm' : 'f', Math.min(DEMO_YEAR - 1, base + rng.int(24, 30)), family);
  }
  if (out.length === 1 && DEMO_YEAR - head.birthYear >= 65 && !head.tags.includes('独居老人')) head.tags.push('独居老人');
  return out;
}

/** Household sizes from weights, optionally adjusted so they add up to an exact total. */
export function householdSizes(
  rng: Rng,
  count: number,
  weights: number[],
  exactTotal?: number,
  fixed: Map<number, number> = new Map(),
): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = Array.from({ length: count }, (_, i) => {
    const f = fixed.get(i);
    if (f !== undefined) return f;
    let r = rng.next() * sum;
    for (let s = 0; s < weights.length; s++) {
      r -= weights[s] ?? 0;
      if (r < 0) return s + 1;
    }
    return weights.length;
  });
  if (exactTotal === undefined) return sizes;
  let diff = exactTotal - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 7) % count) {
    if (fixed.has(i)) continue;
    const s = sizes[i] ?? 1;
    if (diff > 0 && s < 7) {
      sizes[i] = s + 1;
      diff--;
    } else if (diff < 0 && s > 1) {
      sizes[i] = s - 1;
      diff++;
    }
  }
  return sizes;
}
