import type { OfficialCheckInput, OfficialReport, ResultCondition, VoteResult } from '@lianxin/shared';
import { areaToHundredths, hundredthsToArea, tally } from '@lianxin/tally';
import { fieldError } from '../../lib/errors';
import { formatArea } from '../registry/electorate';

/** The inputs a result is computed from, as the repository returns them. */
export interface ResultInputs {
  kind: 'decision' | 'consultation';
  matter: number | null;
  options: Array<{ key: string; label: string }>;
  units: Array<{ unit: string; subject: string; area_hundredths: number }>;
  ballots: Array<{ subject: string; choice: string }>;
}

/**
 * Computes a vote's result. A decision goes through packages/tally, the same code as
 * `npx lianxin tally`, so anyone can recount from the published list and get the same answer.
 * A consultation is not binding: it reports each option's owners and area, and whether 2/3 took part.
 */
export function computeResult(input: ResultInputs): VoteResult {
  const units = input.units.map((u) => ({ unit: u.unit, owner: u.subject, area: formatArea(Number(u.area_hundredths)) }));
  if (input.kind === 'decision') {
    const r = tally({
      matter: input.matter ?? 9,
      units,
      ballots: input.ballots.map((b) => ({ owner: b.subject, choice: b.choice as 'yes' | 'no' | 'abstain' })),
    });
    return { kind: 'decision', ...r };
  }
  const areaOf = new Map<string, bigint>();
  for (const u of input.units) areaOf.set(u.subject, (areaOf.get(u.subject) ?? 0n) + BigInt(u.area_hundredths));
  let totalArea = 0n;
  for (const a of areaOf.values()) totalArea += a;
  const per = new Map(input.options.map((o) => [o.key, { owners: 0, area: 0n }]));
  let pOwners = 0;
  let pArea = 0n;
  for (const b of input.ballots) {
    const a = areaOf.get(b.subject) ?? 0n;
    const slot = per.get(b.choice);
    if (slot) {
      slot.owners += 1;
      slot.area += a;
    }
    pOwners += 1;
    pArea += a;
  }
  return {
    kind: 'consultation',
    totals: { owners: areaOf.size, area: hundredthsToArea(totalArea) },
    participated: { owners: pOwners, area: hundredthsToArea(pArea) },
    quorumMet: 3n * pArea >= 2n * totalArea && 3 * pOwners >= 2 * areaOf.size,
    options: input.options.map((o) => {
      const s = per.get(o.key) ?? { owners: 0, area: 0n };
      return { key: o.key, label: o.label, owners: s.owners, area: hundredthsToArea(s.area) };
    }),
  };
}

const CHOICE_WORDS: Record<string, 'yes' | 'no' | 'abstain'> = {
  yes: 'yes',
  no: 'no',
  abstain: 'abstain',
  同意: 'yes',
  赞成: 'yes',
  反对: 'no',
  不同意: 'no',
  弃权: 'abstain',
};

/**
 * Parses the official CSV (unit,choice per line; a header line, blank lines and a BOM are allowed)
 * into one ballot per subject. Rows naming two units of one subject must agree.
 * @throws VALIDATION_FAILED naming the row
 */
export function parseOfficialCsv(csv: string, subjectOfUnit: Map<string, string>) {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const bySubject = new Map<string, { choice: 'yes' | 'no' | 'abstain'; line: number }>();
  let rows = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (!line) continue;
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (i === 0 && /^(unit|房号|户号)$/i.test(cells[0] ?? '')) continue;
    const at = `csv line ${i + 1}`;
    if (cells.length !== 2) throw fieldError('csv', `${at}: expected "unit,choice", got ${cells.length} cells`);
    const [unit, word] = cells as [string, string];
    const subject = subjectOfUnit.get(unit);
    if (!subject) throw fieldError('csv', `${at}: unknown unit "${unit.slice(0, 40)}"`);
    const choice = CHOICE_WORDS[word.toLowerCase()];
    if (!choice) throw fieldError('csv', `${at}: unknown choice "${word.slice(0, 20)}" (yes/no/abstain or 同意/反对/弃权)`);
    const seen = bySubject.get(subject);
    if (seen && seen.choice !== choice) {
      throw fieldError('csv', `${at}: unit "${unit}" belongs to an owner already voting "${seen.choice}" at line ${seen.line}`);
    }
    if (!seen) bySubject.set(subject, { choice, line: i + 1 });
    rows++;
  }
  return { rows, ballots: [...bySubject].map(([subject, v]) => ({ subject, choice: v.choice })) };
}

/**
 * Recounts official results with the same tally and reports every disagreement: with the
 * figures the official system announced, and with the ballots counted in Lianxin.
 */
export function officialReport(
  input: Omit<ResultInputs, 'ballots' | 'kind'> & { lianxinBallots: Array<{ subject: string; choice: string }> },
  check: OfficialCheckInput,
  unitsOfSubject: Map<string, string[]>,
): OfficialReport {
  const subjectOfUnit = new Map(input.units.map((u) => [u.unit, u.subject]));
  const { rows, ballots } = parseOfficialCsv(check.csv, subjectOfUnit);
  const recount = computeResult({ ...input, kind: 'decision', ballots });
  if (recount.kind !== 'decision') throw new Error('unreachable');
  const figureDisagreements: OfficialReport['figureDisagreements'] = [];
  const d = check.declared;
  if (d) {
    const cmp = (figure: string, declared: string, recounted: string) => {
      if (declared !== recounted) figureDisagreements.push({ figure, declared, recount: recounted });
    };
    cmp('participated.owners', String(d.participatedOwners), String(recount.participated.owners));
    cmp('participated.area', hundredthsToArea(areaToHundredths(d.participatedArea)), recount.participated.area);
    cmp('yes.owners', String(d.yesOwners), String(recount.yes.owners));
    cmp('yes.area', hundredthsToArea(areaToHundredths(d.yesArea)), recount.yes.area);
    cmp('passed', String(d.passed), String(recount.passed));
  }
  const official = new Map(ballots.map((b) => [b.subject, b.choice as string]));
  const ours = new Map(input.lianxinBallots.map((b) => [b.subject, b.choice]));
  const ballotDisagreements: OfficialReport['ballotDisagreements'] = [];
  for (const subject of new Set([...official.keys(), ...ours.keys()])) {
    const o = official.get(subject) ?? null;
    const l = ours.get(subject) ?? null;
    if (o !== l) ballotDisagreements.push({ units: unitsOfSubject.get(subject) ?? [], official: o, lianxin: l });
  }
  ballotDisagreements.sort((a, b) => (a.units[0] ?? '').localeCompare(b.units[0] ?? '', 'en', { numeric: true }));
  return {
    rows,
    recount,
    figureDisagreements,
    ballotDisagreements: ballotDisagreements.slice(0, 500),
    agrees: figureDisagreements.length === 0 && ballotDisagreements.length === 0,
  };
}

/** share/of as a percentage with two decimals, rounded down, in exact integer arithmetic. */
function percent(share: bigint, of: bigint): string {
  if (of === 0n) return '0.00';
  const p = (share * 10000n) / of;
  return `${p / 100n}.${String(p % 100n).padStart(2, '0')}`;
}

/**
 * The statutory conditions of a result one by one, with their percentages, so a reader sees
 * which passed or failed and by how much: participation (≥ 2/3 of owners and of area), and for
 * a decision the yes-votes (≥ 3/4 or > 1/2 of the participating owners and area). Exact:
 * areas in hundredths, comparisons cross-multiplied, as in the tally itself.
 */
export function conditionsOf(result: VoteResult): ResultCondition[] {
  const area = (a: string) => BigInt(areaToHundredths(a));
  const out: ResultCondition[] = [];
  const add = (key: ResultCondition['key'], need: ResultCondition['need'], share: bigint, of: bigint) => {
    const met = need === '>1/2' ? 2n * share > of : need === '>=3/4' ? 4n * share >= 3n * of : 3n * share >= 2n * of;
    out.push({ key, need, percent: percent(share, of), met: of > 0n && met });
  };
  add('participation-owners', '>=2/3', BigInt(result.participated.owners), BigInt(result.totals.owners));
  add('participation-area', '>=2/3', area(result.participated.area), area(result.totals.area));
  if (result.kind === 'decision') {
    const need = result.rule === 'three-quarters' ? '>=3/4' : '>1/2';
    add('yes-owners', need, BigInt(result.yes.owners), BigInt(result.participated.owners));
    add('yes-area', need, area(result.yes.area), area(result.participated.area));
  }
  return out;
}
