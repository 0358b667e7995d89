import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { runAdminCli } from '../accounts/admin.cli';
import { runTreeImportCli } from './tree-import.cli';

function capture(lang: 'zh-CN' | 'en' = 'en') {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), lang }, out, err };
}

function multipart(fileName: string, content: Buffer) {
  const boundary = '----lianxin-tree-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const ADMIN_PHONE = '13900000001';
const TREE = [
  '区,街道,社区,小区,楼栋',
  '荷塘区,月塘街道,新华社区,新华小区,1栋',
  '荷塘区,月塘街道,新华社区,新华小区,2号楼',
  '荷塘区,月塘街道,桂花社区,,',
].join('\n');

describeEachDialect(
  'going live: the first administrator and the organisation tree',
  (h) => {
    let password = '';
    let admin: Session;

    it('admin create makes the root district and a district administrator with a one-time password, audited', async () => {
      const c = capture();
      expect(await runAdminCli(h().ctx, ['create', '--name', '刘敏', '--phone', ADMIN_PHONE, '--node', '荷塘区'], c.io)).toBe(0);
      const lines = c.out.join('').trimEnd().split('\n');
      password = lines.at(-1) as string;
      expect(password).toMatch(/^[A-Za-z2-9]{14}$/);
      const nodes = await h().ctx.db.selectFrom('nodes').select(['kind', 'name', 'parent_id']).execute();
      expect(nodes).toEqual([{ kind: 'district', name: '荷塘区', parent_id: null }]);
      const audit = await h()
        .ctx.db.selectFrom('audit_log')
        .select(['action', 'channel'])
        .where('action', '=', 'accounts.admin_created')
        .execute();
      expect(audit).toEqual([{ action: 'accounts.admin_created', channel: 'cli' }]);
      // The same phone twice, a bad phone, an unknown node on a database that has a tree: exit 2, nothing written.
      expect(
        await runAdminCli(h().ctx, ['create', '--name', '刘敏', '--phone', ADMIN_PHONE, '--node', '荷塘区'], capture().io),
      ).toBe(2);
      expect(await runAdminCli(h().ctx, ['create', '--name', 'x', '--phone', '123', '--node', '荷塘区'], capture().io)).toBe(2);
      expect(
        await runAdminCli(h().ctx, ['create', '--name', 'x', '--phone', '13900000002', '--node', '石峰区'], capture().io),
      ).toBe(2);
      const accounts = await h().ctx.db.selectFrom('accounts').select('phone').execute();
      expect(accounts).toEqual([{ phone: ADMIN_PHONE }]);
    });

    it('the first sign-in with the one-time password must choose a new one; then the flag is gone', async () => {
      admin = await h().login(ADMIN_PHONE, password);
      const me = await h().as(admin, { method: 'GET', url: '/api/v1/auth/me' });
      expect(me.json().mustChangePassword).toBe(true);
      expect(me.json().roles).toEqual([
        { role: 'district_admin', nodeId: expect.any(String), nodeName: '荷塘区', nodeKind: 'district', canProxy: false },
      ]);
      const changed = await h().as(admin, {
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { current: password, next: 'hetang-2027' },
      });
      expect(changed.statusCode).toBe(204);
      admin = await h().login(ADMIN_PHONE, 'hetang-2027');
      expect((await h().as(admin, { method: 'GET', url: '/api/v1/auth/me' })).json().mustChangePassword).toBe(false);
    });

    it('a tree sheet with a missing parent or an unknown district names each bad row and writes nothing', async () => {
      const bad = [
        '区,街道,社区,小区',
        '荷塘区,,新华社区,新华小区',
        '石峰区,响石街道,,',
        '荷塘区,月塘街道,新华社区,新华小区',
      ].join('\n');
      const res = await h().as(admin, {
        method: 'POST',
        url: '/api/v1/registry/tree/import',
        ...multipart('tree.csv', Buffer.from(bad)),
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('IMPORT_ROWS_INVALID');
      expect(res.json().error.details.errors).toEqual([
        { row: 2, column: 'subdistrict', reason: 'parent_missing' },
        { row: 3, column: 'district', reason: 'unknown_district', value: '石峰区' },
      ]);
      expect(await h().ctx.db.selectFrom('nodes').select('id').execute()).toHaveLength(1);
    });

    it('a dry run lists what it will add; the import adds it; a re-import (XLSX) adds nothing', async () => {
      const dry = await h().as(admin, {
        method: 'POST',
        url: '/api/v1/registry/tree/import?dryRun=true',
        ...multipart('tree.csv', Buffer.from(TREE)),
      });
      expect(dry.statusCode).toBe(200);
      const expected = [
        { row: 2, kind: 'subdistrict', name: '月塘街道', under: '荷塘区' },
        { row: 2, kind: 'community', name: '新华社区', under: '荷塘区 / 月塘街道' },
        { row: 2, kind: 'compound', name: '新华小区', under: '荷塘区 / 月塘街道 / 新华社区' },
        { row: 2, kind: 'building', name: '1栋', under: '荷塘区 / 月塘街道 / 新华社区 / 新华小区' },
        { row: 3, kind: 'building', name: '2号楼', under: '荷塘区 / 月塘街道 / 新华社区 / 新华小区' },
        { row: 4, kind: 'community', name: '桂花社区', under: '荷塘区 / 月塘街道' },
      ];
      expect(dry.json()).toEqual({ ok: true, dryRun: true, rows: 3, added: expected, existing: 0, errors: [] });
      expect(await h().ctx.db.selectFrom('nodes').select('id').execute()).toHaveLength(1);

      const done = await h().as(admin, {
        method: 'POST',
        url: '/api/v1/registry/tree/import',
        ...multipart('tree.csv', Buffer.from(TREE)),
      });
      expect(done.json()).toEqual({ ok: true, dryRun: false, rows: 3, added: expected, existing: 0, errors: [] });
      const rows = await h().ctx.db.selectFrom('nodes').select(['kind', 'name']).orderBy('path').execute();
      expect(rows.map((r) => `${r.kind}:${r.name}`).sort()).toEqual(
        [
          'district:荷塘区',
          'subdistrict:月塘街道',
          'community:新华社区',
          'community:桂花社区',
          'compound:新华小区',
          'building:1栋',
          'building:2号楼',
        ].sort(),
      );

      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('tree');
      for (const line of TREE.split('\n')) ws.addRow(line.split(','));
      ws.addRow(['荷塘区', '月塘街道', '新华社区', '新华小区', '3栋']);
      const xlsx = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
      const again = await h().as(admin, { method: 'POST', url: '/api/v1/registry/tree/import', ...multipart('tree.xlsx', xlsx) });
      expect(again.json()).toEqual({
        ok: true,
        dryRun: false,
        rows: 4,
        added: [{ row: 5, kind: 'building', name: '3栋', under: '荷塘区 / 月塘街道 / 新华社区 / 新华小区' }],
        existing: 6,
        errors: [],
      });
    });

    it('import-tree on the console: reasons in the operator’s language, what it adds, exit codes', async () => {
      const file = path.join(h().testDb.dataDir, 'tree.csv');
      fs.writeFileSync(file, ['区,街道,社区,小区', '荷塘区,,新华社区,', '荷塘区,宋家桥街道,金盆社区,金盆小区'].join('\n'));
      {
        const c = capture('zh-CN');
        expect(await runTreeImportCli(h().ctx, [file, '--dry-run'], c.io)).toBe(1);
        expect(c.out.join('')).toBe(
          'row 2\tsubdistrict\tparent_missing\t街道: 上一级没有填写\nchecked: 2 rows, 0 nodes added, 0 already there, 1 errors\n',
        );
        fs.writeFileSync(file, ['区,街道,社区,小区', '荷塘区,宋家桥街道,金盆社区,金盆小区'].join('\n'));
        const ok = capture('zh-CN');
        expect(await runTreeImportCli(h().ctx, [file], ok.io)).toBe(0);
        expect(ok.out.join('')).toBe(
          'added\t街道\t荷塘区 / 宋家桥街道\nadded\t社区\t荷塘区 / 宋家桥街道 / 金盆社区\nadded\t小区\t荷塘区 / 宋家桥街道 / 金盆社区 / 金盆小区\nimported: 1 rows, 3 nodes added, 0 already there, 0 errors\n',
        );
        expect(await runTreeImportCli(h().ctx, [], capture().io)).toBe(2);
      }
    });
  },
  { demo: false },
);
