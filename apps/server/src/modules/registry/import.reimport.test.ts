import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';

const WORKER = '19900000005'; // community worker of 五星社区

function multipart(fileName: string, content: string) {
  const boundary = '----lianxin-reimport';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const HEADER = '楼栋,单元,门牌号,面积,户主,姓名,电话,出生年份,标签';
const FIRST = [
  HEADER,
  '1栋,1,101,88.50,是,陈立,13600000001,1958,党员',
  '1栋,1,101,,,陈小立,,1988,',
  '1栋,2,101,90.00,是,林芳,13600000002,1962,',
  '2,1,201,75.25,是,郑伟,,1970,',
].join('\n');
// The corrected sheet: 1-1-101's area and 陈立's phone change, 陈小立 moved out, a new tenant in 2-1-201.
const SECOND = [
  HEADER,
  '1栋,1,101,88.60,是,陈立,13600000009,1958,党员',
  '1栋,2,101,90.00,是,林芳,13600000002,1962,',
  '2栋,1,201,75.25,是,郑伟,,1970,',
  '2栋,1,201,,,孙可,13600000003,1995,',
].join('\n');

describeEachDialect('households import for real use: new compound, re-import', (h) => {
  let worker: Session;
  let compoundId = '';
  const post = (url: string, body: string) => h().as(worker, { method: 'POST', url, ...multipart('sheet.csv', body) });
  const last = (body: string) => JSON.parse(body.trim().split('\n').at(-1) as string);

  it('creates an empty compound under 五星社区', async () => {
    worker = await h().login(WORKER);
    const res = await h().as(worker, {
      method: 'POST',
      url: '/api/v1/registry/nodes',
      payload: { parentId: 'wuxing', name: '五星新苑' },
    });
    expect(res.statusCode).toBe(201);
    compoundId = res.json().id;
  });

  it('the dry run lists the 楼栋 and 单元 it will create, and writes nothing', async () => {
    const res = await post(`/api/v1/registry/compounds/${compoundId}/import?dryRun=true`, FIRST);
    expect(res.json()).toEqual({
      ok: true,
      dryRun: true,
      rows: 4,
      units: 3,
      people: 4,
      errors: [],
      unitCounts: { added: 3, changed: 0, unchanged: 0 },
      peopleCounts: { added: 4, changed: 0, unchanged: 0 },
      newBuildings: ['1栋', '2栋'],
      newStairwells: ['1栋1单元', '1栋2单元', '2栋1单元'],
      absent: [],
    });
    expect(await h().ctx.db.selectFrom('nodes').select('id').where('parent_id', '=', compoundId).execute()).toEqual([]);
  });

  it('the import creates them; a re-import of the same sheet changes nothing', async () => {
    const res = await post(`/api/v1/registry/compounds/${compoundId}/import`, FIRST);
    expect(last(res.body)).toMatchObject({ type: 'done', ok: true, newBuildings: ['1栋', '2栋'] });
    const buildings = await h()
      .ctx.db.selectFrom('nodes')
      .select(['name', 'kind'])
      .where('parent_id', '=', compoundId)
      .orderBy('name')
      .execute();
    expect(buildings).toEqual([
      { name: '1栋', kind: 'building' },
      { name: '2栋', kind: 'building' },
    ]);
    const again = await post(`/api/v1/registry/compounds/${compoundId}/import?dryRun=true`, FIRST);
    expect(again.json()).toMatchObject({
      ok: true,
      unitCounts: { added: 0, changed: 0, unchanged: 3 },
      peopleCounts: { added: 0, changed: 0, unchanged: 4 },
      newBuildings: [],
      newStairwells: [],
      absent: [],
    });
  });

  it('a corrected sheet updates: added / changed / unchanged, and lists who is no longer in it without deleting', async () => {
    const chen = await h()
      .ctx.db.selectFrom('people')
      .select(['id', 'version'])
      .where('name', '=', '陈立')
      .executeTakeFirstOrThrow();
    const xiao = await h().ctx.db.selectFrom('people').select('id').where('name', '=', '陈小立').executeTakeFirstOrThrow();
    const res = await post(`/api/v1/registry/compounds/${compoundId}/import`, SECOND);
    const out = last(res.body);
    expect(out).toMatchObject({
      type: 'done',
      ok: true,
      unitCounts: { added: 0, changed: 1, unchanged: 2 },
      peopleCounts: { added: 1, changed: 1, unchanged: 2 },
      newBuildings: [],
      newStairwells: [],
      absent: [{ id: xiao.id, name: '陈小立', address: '1栋-1-101' }],
    });
    const after = await h().ctx.db.selectFrom('people').select(['id', 'phone', 'version']).where('name', '=', '陈立').execute();
    expect(after).toEqual([{ id: chen.id, phone: '13600000009', version: chen.version + 1 }]);
    // Nothing deleted silently: 陈小立 is still registered.
    expect(await h().ctx.db.selectFrom('people').select('name').where('id', '=', xiao.id).execute()).toEqual([
      { name: '陈小立' },
    ]);
    const unit = await h()
      .ctx.db.selectFrom('units')
      .select('area_hundredths')
      .where('compound_id', '=', compoundId)
      .where('stairwell', '=', '1')
      .where('door', '=', '101')
      .innerJoin('nodes', 'nodes.id', 'units.building_id')
      .where('nodes.name', '=', '1栋')
      .executeTakeFirstOrThrow();
    expect(unit.area_hundredths).toBe(8860);
  });

  it('the same phone for two people in one sheet is refused, naming the row; nothing written', async () => {
    const bad = [HEADER, '3栋,1,101,70,是,甲,13600000004,1960,', '3栋,1,102,70,是,乙,13600000004,1961,'].join('\n');
    const res = await post(`/api/v1/registry/compounds/${compoundId}/import?dryRun=true`, bad);
    expect(res.json().errors).toEqual([{ row: 3, column: 'phone', reason: 'phone_duplicate', value: '13600000004' }]);
    const real = await post(`/api/v1/registry/compounds/${compoundId}/import`, bad);
    expect(last(real.body)).toMatchObject({ type: 'failed', ok: false });
    expect(
      await h().ctx.db.selectFrom('nodes').select('id').where('name', '=', '3栋').where('parent_id', '=', compoundId).execute(),
    ).toEqual([]);
  });
});
