import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { parseCsv } from './import.parse';

const WORKER = '19900000005';

function multipart(fileName: string, content: Buffer, type = 'text/csv') {
  const boundary = '----lianxin-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const HEADER = '楼栋,单元,门牌号,面积,户主,姓名,电话,出生年份,标签';
const BAD = [
  HEADER,
  '1栋,1,801,89.50,张建华,张建华,13800001111,1960,党员',
  '1栋,1,801,,张建华,李秀英,1380000222,1962,', // bad phone
  '1栋,2,801,75.125,是,王强,,1980,', // three decimals
  '9栋,1,101,80,是,赵敏,,1990,', // a building the import would create
  '1栋,1,101,80,是,钱多多,,1990,', // a registered door: updated, not refused
  '1栋,2,802,70,是,孙丽,,2999,', // birth year
].join('\n');

describeEachDialect('registry import', (h) => {
  let worker: Session;
  const post = (url: string, file: { payload: Buffer; headers: Record<string, string> }) =>
    h().as(worker, { method: 'POST', url, payload: file.payload, headers: file.headers });

  it('signs in the community worker', async () => {
    worker = await h().login(WORKER);
  });

  it('lists every bad row with its row number, column and reason in a dry run, and writes nothing', async () => {
    const res = await post('/api/v1/registry/compounds/wuxinghy/import?dryRun=true', multipart('bad.csv', Buffer.from(BAD)));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.ok).toBe(false);
    const brief = body.errors.map((e: { row: number; column: string; reason: string }) => `${e.row}:${e.column}:${e.reason}`);
    expect(brief).toEqual(['3:phone:phone', '4:area:area_decimals', '7:birthYear:birth_year']);
    const units = await h()
      .ctx.db.selectFrom('units')
      .select('id')
      .where('compound_id', '=', 'wuxinghy')
      .where('door', '=', '801')
      .execute();
    expect(units).toHaveLength(0);
  });

  it('imports nothing at all when any row is bad (all or nothing)', async () => {
    const res = await post('/api/v1/registry/compounds/wuxinghy/import', multipart('bad.csv', Buffer.from(BAD)));
    const lines = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.at(-1).type).toBe('failed');
    const units = await h()
      .ctx.db.selectFrom('units')
      .select('id')
      .where('compound_id', '=', 'wuxinghy')
      .where('door', '=', '801')
      .execute();
    expect(units).toHaveLength(0);
  });

  it('imports the fixed file in one go, streaming progress, with the head as the unit’s owner', async () => {
    const rows = [HEADER];
    for (let i = 0; i < 700; i++)
      rows.push(`1栋,${3 + Math.floor(i / 100)},${1000 + (i % 100)},88.${String(i % 100).padStart(2, '0')},是,住户${i},,1970,`);
    rows.push('1栋,3,1000,,,住户家属,13900001111,2001,团员、志愿者');
    const res = await post('/api/v1/registry/compounds/wuxinghy/import', multipart('ok.csv', Buffer.from(rows.join('\r\n'))));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'progress').length).toBeGreaterThanOrEqual(2);
    const last = lines.at(-1);
    expect(last).toMatchObject({ type: 'done', ok: true, units: 700, people: 701 });
    const unit = await h()
      .ctx.db.selectFrom('units')
      .selectAll()
      .where('building_id', '=', 'wuxinghy-b1')
      .where('stairwell', '=', '3')
      .where('door', '=', '1000')
      .executeTakeFirstOrThrow();
    expect(unit.area_hundredths).toBe(8800);
    const owners = await h()
      .ctx.db.selectFrom('unit_owners')
      .innerJoin('people', 'people.id', 'unit_owners.person_id')
      .select('people.name')
      .where('unit_owners.unit_id', '=', unit.id)
      .execute();
    expect(owners.map((o) => o.name)).toEqual(['住户0']);
    const fam = await h().ctx.db.selectFrom('people').select('tags').where('name', '=', '住户家属').executeTakeFirstOrThrow();
    expect(JSON.parse(fam.tags)).toEqual(['团员', '志愿者']);
  });

  it('exports the same shape (CSV) and the export imports cleanly into an empty compound’s dry run', async () => {
    const res = await h().as(worker, { method: 'GET', url: '/api/v1/registry/compounds/wuxinghy/export?format=csv' });
    expect(res.statusCode).toBe(200);
    const table = parseCsv(res.body.replace(/^\uFEFF/, ''));
    expect(table[0]).toEqual(HEADER.split(','));
    expect(table.some((r) => r[5] === '住户家属' && r[3] === '88.00')).toBe(true);
    const audit = await h().ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'registry.exported').execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('reads XLSX with English headers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['building', 'stairwell', 'door', 'area', 'head', 'name', 'phone', 'birth_year', 'tags']);
    ws.addRow(['1', '1', '901', 92.5, 'yes', '周平', '13700001234', 1975, '党员']);
    ws.addRow(['1', '1', '902', '92.555', 'yes', '吴芳', '', '', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await post(
      '/api/v1/registry/compounds/wuxinghy/import?dryRun=true',
      multipart('e.xlsx', buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
    );
    const body = res.json();
    expect(body.units).toBe(1);
    expect(body.errors).toEqual([{ row: 3, column: 'area', reason: 'area_decimals', value: '92.555' }]);
  });

  it('imports the same file twice at once: never two records of one door or person', async () => {
    const rows = [HEADER, '1栋,1,1201,70,是,并发一,,1980,', '1栋,1,1202,70,是,并发二,,1981,'].join('\n');
    const [a, b] = await Promise.all([
      post('/api/v1/registry/compounds/wuxinghy/import', multipart('a.csv', Buffer.from(rows))),
      post('/api/v1/registry/compounds/wuxinghy/import', multipart('b.csv', Buffer.from(rows))),
    ]);
    const last = (body: string) => JSON.parse(body.trim().split('\n').at(-1) as string);
    // Either the second finds the first's rows and leaves them unchanged (done), or it collides
    // with the first mid-write and writes nothing (failed); never both failed, never duplicates.
    const types = [last(a.body).type, last(b.body).type].sort();
    expect(types[0]).toBe('done');
    expect(['done', 'failed']).toContain(types[1]);
    const units = await h()
      .ctx.db.selectFrom('units')
      .select('door')
      .where('compound_id', '=', 'wuxinghy')
      .where('door', 'in', ['1201', '1202'])
      .orderBy('door')
      .execute();
    expect(units).toEqual([{ door: '1201' }, { door: '1202' }]);
    const n = await h().ctx.db.selectFrom('people').select('id').where('name', 'in', ['并发一', '并发二']).execute();
    expect(n).toHaveLength(2);
  });

  it('refuses an import into a compound outside the caller’s subtree with 404', async () => {
    const res = await post('/api/v1/registry/compounds/zhoucheng/import?dryRun=true', multipart('x.csv', Buffer.from(HEADER)));
    expect(res.statusCode).toBe(404);
  });

  it('reports missing columns as file errors', async () => {
    const res = await post(
      '/api/v1/registry/compounds/wuxinghy/import?dryRun=true',
      multipart('x.csv', Buffer.from('姓名,电话\n张三,13800000000')),
    );
    expect(res.json().errors.map((e: { column: string }) => e.column)).toEqual(['building', 'stairwell', 'door']);
  });
});
