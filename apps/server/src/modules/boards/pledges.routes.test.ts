import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { jpegWithMetadata, multipartBody } from '../../lib/uploads.fixtures';
import { describeEachDialect } from '../../test/harness';

const STANDARD = ['带头遵守居民公约', '热情服务楼栋住户', '主动维护公共环境', '及时提供信息服务'];
/** The members of 五星社区安置小区 whose consent is in force in the demo data, in building and door order. */
const CONSENTED = [
  '夏宏伟',
  '刘浩宇',
  '刘凤英',
  '陈鹏',
  '毛娟',
  '彭勇',
  '李俊',
  '田冬梅',
  '朱斌',
  '邹梓豪',
  '毛建平',
  '易昊天',
  '许志刚',
  '龙佳怡',
  '李铁军',
  '刘少华',
  '谢湘君',
  '梁哲',
  '冯海燕',
  '谭鹏',
  '钟斌',
  '谭欣妍',
  '黄昊天',
  '周宏伟',
  '梁新民',
  '廖松柏',
];

/** The text of each page of a PDF (pdftotext, poppler-utils), and the pages that carry an image. */
function readPdf(pdf: Buffer): { pages: string[]; imagePages: number[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pledges-'));
  try {
    const file = path.join(dir, 'p.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').slice(0, -1);
    const list = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    const rows = list.map((l) => l.trim().split(/\s+/));
    return { pages, imagePages: rows.filter((r) => r[2] === 'image').map((r) => Number(r[0])) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describeEachDialect('boards: each member’s own pledge, printed in bulk', (h) => {
  it('lets a member write their own pledge; the standard four lines stand until then; the change is audited as theirs', async () => {
    const huang = await h().login('19900000002'); // 黄园, party member in wuxingaz 3栋
    const before = await h().as(huang, { method: 'GET', url: '/api/v1/boards/pledges/p-19900000002' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({
      personId: 'p-19900000002',
      name: '黄园',
      lines: STANDARD,
      own: false,
      photoId: null,
      consent: false,
      updatedAt: null,
    });
    const put = await h().as(huang, {
      method: 'PUT',
      url: '/api/v1/boards/pledges/p-19900000002',
      payload: { lines: [' 每周巡楼一次 ', '帮独居老人代购'] },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ lines: ['每周巡楼一次', '帮独居老人代购'], own: true, photoId: null, consent: false });
    const { db } = h().ctx;
    const rows = await db.selectFrom('board_pledges').select(['person_id', 'lines', 'photo_id', 'updated_by']).execute();
    expect(rows).toEqual([
      { person_id: 'p-19900000002', lines: '["每周巡楼一次","帮独居老人代购"]', photo_id: null, updated_by: huang.accountId },
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_account_id', 'on_behalf_of', 'channel', 'target_id', 'details'])
      .where('action', '=', 'boards.pledge_written')
      .execute();
    expect(audit).toEqual([
      {
        actor_account_id: huang.accountId,
        on_behalf_of: null,
        channel: null,
        target_id: 'p-19900000002',
        details: '{"lines":2,"photo":false}',
      },
    ]);
  });

  it('refuses a bad pledge with the field and a Chinese message, and writes nothing', async () => {
    const huang = await h().login('19900000002');
    const { db } = h().ctx;
    const count = async () => (await db.selectFrom('board_pledges').select('person_id').execute()).length;
    const before = await count();
    const cases: Array<[unknown, string, string, string]> = [
      [[], 'lines', 'too_small', '至少选 1 项'],
      [['一', '二', '三', '四', '五'], 'lines', 'too_big', '最多 4 项'],
      [
        ['带头遵守居民公约', '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一'],
        'lines.1',
        'too_big',
        '最多 30 个字',
      ],
      [['<b>带头</b>'], 'lines.0', 'invalid_format', '不能含有 < > 等标记符号或控制字符'],
      [['   '], 'lines.0', 'too_small', '必须填写'],
    ];
    const answers = [];
    for (const [lines] of cases) {
      const res = await h().as(huang, { method: 'PUT', url: '/api/v1/boards/pledges/p-19900000002', payload: { lines } });
      const err = res.json().error;
      answers.push([res.statusCode, err.code, err.details.fields]);
    }
    expect(answers).toEqual(cases.map(([, path, reason, message]) => [400, 'VALIDATION_FAILED', [{ path, reason, message }]]));
    const unknownPhoto = await h().as(huang, {
      method: 'PUT',
      url: '/api/v1/boards/pledges/p-19900000002',
      payload: { lines: ['每周巡楼一次'], photoId: 'img_notmineatall0000' },
    });
    expect(unknownPhoto.statusCode).toBe(400);
    expect(unknownPhoto.json().error.details.fields[0].path).toBe('photoId');
    expect(await count()).toBe(before);
  });

  it('lets staff write for a member of their subtree (recorded as acting for them), never outside it', async () => {
    const worker = await h().login('19900000005'); // community worker of 五星社区
    const img = multipartBody('me.jpg', 'image/jpeg', jpegWithMetadata());
    const view = (await h().as(worker, { method: 'GET', url: '/api/v1/boards/pledges/p-wuxingaz-0137' })).json();
    const up = await h().as(worker, {
      method: 'POST',
      url: `/api/v1/uploads?nodeId=${view.nodeId}`,
      payload: img.payload,
      headers: img.headers,
    });
    expect(up.statusCode).toBe(201);
    const photoId = up.json().images[0].id;
    const put = await h().as(worker, {
      method: 'PUT',
      url: '/api/v1/boards/pledges/p-wuxingaz-0137',
      payload: { lines: ['楼道有事找我'], photoId },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ name: '夏宏伟', lines: ['楼道有事找我'], own: true, photoId, consent: true });
    const { db } = h().ctx;
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_account_id', 'on_behalf_of', 'channel', 'details'])
      .where('action', '=', 'boards.pledge_written')
      .where('target_id', '=', 'p-wuxingaz-0137')
      .execute();
    expect(audit).toEqual([
      {
        actor_account_id: worker.accountId,
        on_behalf_of: 'p-wuxingaz-0137',
        channel: 'staff',
        details: '{"lines":1,"photo":true}',
      },
    ]);
    const upload = await db
      .selectFrom('uploads')
      .select(['owner_type', 'owner_id', 'visibility'])
      .where('id', '=', photoId)
      .execute();
    expect(upload).toEqual([{ owner_type: 'board_pledge', owner_id: 'p-wuxingaz-0137', visibility: 'private' }]);
    const photo = await h().as(worker, { method: 'GET', url: '/api/v1/boards/pledges/p-wuxingaz-0137/photo' });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');

    // 王淑芬 lives in 周城 (another community): neither her pledge nor her compound's cards.
    const outside = await h().as(worker, {
      method: 'PUT',
      url: '/api/v1/boards/pledges/p-19900000010',
      payload: { lines: ['越权'] },
    });
    expect(outside.statusCode).toBe(404);
    expect((await h().as(worker, { method: 'GET', url: '/api/v1/boards/compounds/zhoucheng/pledges.pdf' })).statusCode).toBe(404);
    expect((await h().as(worker, { method: 'GET', url: '/api/v1/boards/compounds/zhoucheng/pledges' })).statusCode).toBe(404);
    expect(await db.selectFrom('board_pledges').select('person_id').where('person_id', '=', 'p-19900000010').execute()).toEqual(
      [],
    );
    // A member may not write another member's pledge, nor print.
    const huang = await h().login('19900000002');
    expect(
      (await h().as(huang, { method: 'PUT', url: '/api/v1/boards/pledges/p-wuxingaz-0137', payload: { lines: ['x'] } }))
        .statusCode,
    ).toBe(404);
    expect((await h().as(huang, { method: 'GET', url: '/api/v1/boards/compounds/wuxingaz/pledges.pdf' })).statusCode).toBe(403);
  });

  it('prints one page per member whose consent is in force, with their own lines and photo; the others not at all', async () => {
    const worker = await h().login('19900000005');
    const list = await h().as(worker, { method: 'GET', url: '/api/v1/boards/compounds/wuxingaz/pledges' });
    expect(list.statusCode).toBe(200);
    expect(list.json().printable).toBe(26);
    expect(list.json().members).toHaveLength(52);
    expect(list.json().members.find((m: { personId: string }) => m.personId === 'p-wuxingaz-0137')).toEqual({
      personId: 'p-wuxingaz-0137',
      name: '夏宏伟',
      branch: '五星社区安置小区党支部',
      door: '2栋1单元201',
      lines: ['楼道有事找我'],
      own: true,
      hasPhoto: true,
      consent: true,
    });
    const res = await h().as(worker, { method: 'GET', url: '/api/v1/boards/compounds/wuxingaz/pledges.pdf' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { pages, imagePages } = readPdf(res.rawPayload);
    expect(pages).toHaveLength(26);
    const names = pages.map((p) => CONSENTED.find((n) => p.includes(n)));
    expect(names).toEqual(CONSENTED);
    for (const p of pages) expect(p).toContain('五星社区安置小区党支部');
    // 夏宏伟: his own line and his photo (page 1: a photo and the QR code); the others the standard four and the QR alone.
    expect(pages[0]).toContain('楼道有事找我');
    expect(pages[0]).not.toContain('带头遵守居民公约');
    expect(pages[1]).toContain('带头遵守居民公约');
    expect(imagePages.filter((p) => p === 1)).toHaveLength(2);
    expect(imagePages.filter((p) => p === 2)).toHaveLength(1);
    // 黄园 wrote a pledge but gave no consent: not printed.
    expect(pages.some((p) => p.includes('黄园') || p.includes('每周巡楼一次'))).toBe(false);
    const printed = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['actor_account_id', 'target_id', 'details'])
      .where('action', '=', 'boards.pledges_printed')
      .execute();
    expect(printed).toEqual([{ actor_account_id: worker.accountId, target_id: 'wuxingaz', details: '{"cards":26}' }]);
  });

  it('erasing a member removes their pledge, its photo and its file; the next print has one card fewer', async () => {
    const worker = await h().login('19900000005');
    const { db, config } = h().ctx;
    const row = await db
      .selectFrom('board_pledges')
      .select('photo_id')
      .where('person_id', '=', 'p-wuxingaz-0137')
      .executeTakeFirst();
    const photoId = String(row?.photo_id);
    const file = path.join(config.dataDir, 'uploads', photoId);
    expect(fs.existsSync(file)).toBe(true);
    const erased = await h().as(worker, {
      method: 'POST',
      url: '/api/v1/privacy/people/p-wuxingaz-0137/erase',
      payload: { confirm: true },
    });
    expect(erased.statusCode).toBe(200);
    expect(await db.selectFrom('board_pledges').select('person_id').where('person_id', '=', 'p-wuxingaz-0137').execute()).toEqual(
      [],
    );
    expect(await db.selectFrom('uploads').select('id').where('id', '=', photoId).execute()).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
    const res = await h().as(worker, { method: 'GET', url: '/api/v1/boards/compounds/wuxingaz/pledges.pdf' });
    const { pages, imagePages } = readPdf(res.rawPayload);
    expect(pages.map((p) => CONSENTED.find((n) => p.includes(n)))).toEqual(CONSENTED.slice(1));
    expect(imagePages).toEqual(CONSENTED.slice(1).map((_, i) => i + 1));
  });

  it('answers 409 when no member of the compound has consented: there is nothing to print', async () => {
    const worker = await h().login('19900000005');
    const list = (await h().as(worker, { method: 'GET', url: '/api/v1/boards/compounds/wuxingaz/pledges' })).json();
    for (const m of list.members.filter((x: { consent: boolean }) => x.consent)) {
      const res = await h().as(worker, {
        method: 'POST',
        url: '/api/v1/boards/consents',
        payload: { personId: m.personId, given: false },
      });
      expect(res.statusCode).toBe(201);
    }
    const after = (await h().as(worker, { method: 'GET', url: '/api/v1/boards/compounds/wuxingaz/pledges' })).json();
    expect(after.printable).toBe(0);
    const res = await h().as(worker, { method: 'GET', url: '/api/v1/boards/compounds/wuxingaz/pledges.pdf' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONFLICT');
  });
});
