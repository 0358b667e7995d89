import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { runExportCli, runImportCli } from './import.cli';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), lang: 'en' as const }, out, err };
}

describeEachDialect('lianxin import / export', (h) => {
  it('lists bad rows and exits 1 on a dry run with errors; exit 2 on usage errors', async () => {
    const file = path.join(h().testDb.dataDir, 'bad.csv');
    fs.writeFileSync(
      file,
      '楼栋,单元,门牌号,面积,户主,姓名,电话,出生年份,标签\n1栋,1,901,89.50,是,张三,13800001111,1960,党员\n1栋,1,902,89.505,是,李四,123,1960,\n',
    );
    const c = capture();
    expect(await runImportCli(h().ctx, [file, '--compound', 'wuxinghy', '--dry-run'], c.io)).toBe(1);
    expect(c.out.join('')).toContain('row 3\tarea\tarea_decimals');
    expect(c.out.join('')).toContain('row 3\tphone\tphone');
    expect(await runImportCli(h().ctx, [file], capture().io)).toBe(2);
    expect(await runImportCli(h().ctx, [file, '--compound', 'nope'], capture().io)).toBe(2);
  });

  it('imports a clean file with a progress line, then exports it back as XLSX that dry-runs clean elsewhere', async () => {
    const file = path.join(h().testDb.dataDir, 'ok.csv');
    fs.writeFileSync(
      file,
      '楼栋,单元,门牌号,面积,户主,姓名,电话,出生年份,标签\n1栋,1,901,89.50,是,张三,13800001111,1960,党员\n1栋,1,901,,,张小三,,1990,团员\n',
    );
    const c = capture();
    expect(await runImportCli(h().ctx, [file, '--compound', 'wuxinghy'], c.io)).toBe(0);
    expect(c.err.join('')).toMatch(/importing 2\/2 rows \(100%\)/);
    expect(c.out.join('')).toContain('imported: 2 rows, 1 units, 2 people');
    const xlsx = path.join(h().testDb.dataDir, 'out.xlsx');
    expect(await runExportCli(h().ctx, ['--compound', 'wuxinghy', '--output', xlsx], capture().io)).toBe(0);
    // Re-importing the export into the same compound matches every unit and person: the shape round-trips.
    const again = capture();
    expect(await runImportCli(h().ctx, [xlsx, '--compound', 'wuxinghy', '--dry-run'], again.io)).toBe(0);
    const units = await h().ctx.db.selectFrom('units').select('id').where('compound_id', '=', 'wuxinghy').execute();
    const people = await h()
      .ctx.db.selectFrom('people')
      .innerJoin('units', 'units.id', 'people.unit_id')
      .select('people.id')
      .where('units.compound_id', '=', 'wuxinghy')
      .where('people.erased_at', 'is', null)
      .execute();
    expect(again.out.join('')).toContain(
      `units: added 0, changed 0, unchanged ${units.length}; people: added 0, changed 0, unchanged ${people.length}\n`,
    );
  });
});
