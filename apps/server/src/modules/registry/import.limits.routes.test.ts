import fs from 'node:fs';
import path from 'node:path';
import { ERRORS, IMPORT_LIMITS } from '@lianxin/shared';
import { expect, it } from 'vitest';
import { multipartBody } from '../../lib/uploads.fixtures';
import { describeEachDialect, type Session } from '../../test/harness';
import { runImportCli } from './import.cli';
import { bombSheet, xlsxWithSheet } from './import.fixtures';

const WORKER = '19900000005';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The bomb: a sheet that inflates to 600 MB, in an archive of about 600 KB; headers that lie. */
const BOMB = xlsxWithSheet(bombSheet(600, 1000));

describeEachDialect('registry import limits', (h) => {
  let worker: Session;
  const url = '/api/v1/registry/compounds/wuxinghy/import';
  const post = (q: string, file: ReturnType<typeof multipartBody>) =>
    h().as(worker, { method: 'POST', url: `${url}${q}`, payload: file.payload, headers: file.headers });
  const jobs = async () => (await h().ctx.db.selectFrom('import_jobs').select('id').execute()).length;

  it('signs in the community worker', async () => {
    worker = await h().login(WORKER);
  });

  it('refuses a spreadsheet bomb with 413 naming the limit, in a dry run and for real, and writes nothing', async () => {
    const before = await jobs();
    const heap = process.memoryUsage().rss;
    const dry = await post('?dryRun=true', multipartBody('bomb.xlsx', XLSX, BOMB));
    expect(dry.statusCode).toBe(413);
    expect(dry.json().error).toEqual({
      code: 'SPREADSHEET_TOO_LARGE',
      message: '表格太大：解压后不超过 64 MB、不超过 100000 行、256 列，请拆成几个文件分别导入',
      details: { limit: 'inflatedBytes', max: IMPORT_LIMITS.maxInflatedBytes },
    });
    const lang = (l: string) => h().as(worker, { method: 'PATCH', url: '/api/v1/auth/preferences', payload: { lang: l } });
    expect((await lang('en')).statusCode).toBeLessThan(300);
    const real = await post('', multipartBody('bomb.xlsx', XLSX, BOMB));
    expect((await lang('zh-CN')).statusCode).toBeLessThan(300);
    expect(real.statusCode).toBe(413);
    expect(real.headers['content-type']).toMatch(/^application\/json/);
    expect(real.json().error.message).toBe(
      'The spreadsheet is too large: at most 64 MB uncompressed, 100000 rows and 256 columns; split it into several files',
    );
    expect(await jobs()).toBe(before);
    // Two bombs cost the process no more than the limit each (the 600 MB were never inflated).
    expect(process.memoryUsage().rss - heap).toBeLessThan(3 * IMPORT_LIMITS.maxInflatedBytes);
  });

  it('refuses a CSV with one row more than the limit, naming the rows limit', async () => {
    const csv = Buffer.from(`楼栋,单元,门牌号,姓名\n${'1栋,1,101,张三\n'.repeat(IMPORT_LIMITS.maxRows + 1)}`);
    const res = await post('?dryRun=true', multipartBody('big.csv', 'text/csv', csv));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.details).toEqual({ limit: 'rows', max: IMPORT_LIMITS.maxRows });
    expect((await h().app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('refuses the bomb from the command line too: exit 1, the limit named, nothing imported', async () => {
    const file = path.join(h().testDb.dataDir, 'bomb.xlsx');
    fs.writeFileSync(file, BOMB);
    const before = await jobs();
    const out: string[] = [];
    const err: string[] = [];
    const code = await runImportCli(h().ctx, [file, '--compound', 'wuxinghy'], {
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
    });
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([
      `${file}: ${ERRORS.SPREADSHEET_TOO_LARGE.en} (over the inflatedBytes limit of ${IMPORT_LIMITS.maxInflatedBytes}); nothing imported\n`,
    ]);
    expect(await jobs()).toBe(before);
  });
});
