import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { demoPhoto } from './demo-images';

function multipart(content: Buffer) {
  const boundary = 'lxtestboundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="voucher.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const DISTRICT = '19900000008'; // 刘贞, district admin at yunlong
const WORKER_WUXING = '19900000005'; // 邹晓敏, community worker at 五星 (outside 三冲)
const RESIDENT = '19900000001'; // 万玉清

const project = {
  nodeId: 'zhoucheng',
  title: '轴承生活小区提质改造',
  contractor: '株洲某建设公司',
  status: 'in_progress',
  funding: [{ source: '区财政', amountFen: 298_000_000 }],
  items: [
    { name: '疏通管网', budgetFen: 90_000_000 },
    { name: '硬化路面', budgetFen: 120_000_000 },
  ],
  milestones: [{ title: '开工', dueOn: '2025-10-08' }],
};

describeEachDialect('projects', (h) => {
  let admin: Session;
  let id: string;

  it('creates a project with items and milestones, and audits it', async () => {
    admin = await h().login(DISTRICT);
    const res = await h().as(admin, { method: 'POST', url: '/api/v1/projects', payload: project });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    id = p.id;
    expect(p.budgetFen).toBe(210_000_000);
    expect(p.fundingFen).toBe(298_000_000);
    expect(p.items.map((i: { name: string }) => i.name)).toEqual(['疏通管网', '硬化路面']);
    expect(p.history[0].action).toBe('project.created');
    expect(p.published).toBe(false);
  });

  it('records spending per item and shows budget versus spent', async () => {
    const p0 = (await h().as(admin, { url: `/api/v1/projects/${id}` })).json();
    const pipes = p0.items.find((i: { name: string }) => i.name === '疏通管网');
    const res = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${id}/spending`,
      payload: { itemId: pipes.id, amountFen: 12_345_678, spentOn: '2025-10-20', note: '<b>第一期</b>' },
    });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.spentFen).toBe(12_345_678);
    expect(p.items.find((i: { id: string }) => i.id === pipes.id).spentFen).toBe(12_345_678);
    expect(p.spending[0].note).toBe('<b>第一期</b>');
    expect(p.history.map((x: { action: string }) => x.action)).toContain('project.spending_added');
  });

  it('audits a budget change with the amounts before and after, shown in the history', async () => {
    const p0 = (await h().as(admin, { url: `/api/v1/projects/${id}` })).json();
    const road = p0.items.find((i: { name: string }) => i.name === '硬化路面');
    const res = await h().as(admin, {
      method: 'PATCH',
      url: `/api/v1/projects/${id}/items/${road.id}`,
      payload: { budgetFen: 125_000_000 },
    });
    expect(res.statusCode).toBe(200);
    const last = res.json().history.at(-1);
    expect(last.action).toBe('project.item_changed');
    expect(last.details.budgetFen).toEqual({ from: 120_000_000, to: 125_000_000 });
    const audit = await h().ctx.audit.verify();
    expect(audit.ok).toBe(true);
  });

  it('hides an unpublished project from the public and shows it once published', async () => {
    expect((await h().as(null, { url: `/api/v1/public/projects/${id}` })).statusCode).toBe(404);
    const res = await h().as(admin, {
      method: 'PATCH',
      url: `/api/v1/projects/${id}`,
      payload: { published: true, progress: 60 },
    });
    expect(res.statusCode).toBe(200);
    const pub = await h().as(null, { url: `/api/v1/public/projects/${id}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().progress).toBe(60);
    expect(pub.json().history.at(-1).details.progress).toEqual({ from: 0, to: 60 });
    const list = (await h().as(null, { url: '/api/v1/public/projects?nodeId=zhoucheng' })).json();
    expect(list.map((x: { id: string }) => x.id)).toContain(id);
  });

  it('answers 404 to staff outside the subtree and 403 to a resident', async () => {
    const worker = await h().login(WORKER_WUXING);
    expect((await h().as(worker, { url: `/api/v1/projects/${id}` })).statusCode).toBe(404);
    expect((await h().as(worker, { method: 'PATCH', url: `/api/v1/projects/${id}`, payload: { progress: 1 } })).statusCode).toBe(
      404,
    );
    expect((await h().as(worker, { method: 'POST', url: '/api/v1/projects', payload: project })).statusCode).toBe(404);
    const list = (await h().as(worker, { url: '/api/v1/projects' })).json();
    expect(list.map((x: { id: string }) => x.id)).not.toContain(id);
    const resident = await h().login(RESIDENT);
    expect((await h().as(resident, { url: `/api/v1/projects/${id}` })).statusCode).toBe(403);
  });

  it('rejects bad input: wrong types, unknown fields, negative money, unknown item, duplicate item', async () => {
    const bad = [
      { ...project, items: [{ name: '疏通管网', budgetFen: -1 }] },
      { ...project, progress: 150 },
      { ...project, admin: true },
      { ...project, funding: [{ source: '区财政', amountFen: '100' }] },
      { ...project, items: [project.items[0], project.items[0]] },
    ];
    for (const payload of bad) {
      const res = await h().as(admin, { method: 'POST', url: '/api/v1/projects', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const s = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${id}/spending`,
      payload: { itemId: 'nope', amountFen: 1, spentOn: '2025-10-20' },
    });
    expect(s.statusCode).toBe(400);
    const dup = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${id}/items`,
      payload: { name: '疏通管网', budgetFen: 1 },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('rejects a voucher that is not an upload of this account and node, writing nothing', async () => {
    const p0 = (await h().as(admin, { url: `/api/v1/projects/${id}` })).json();
    const res = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${id}/spending`,
      payload: { itemId: p0.items[0].id, amountFen: 5, spentOn: '2025-10-21', voucherUploadId: 'img_doesnotexist000' },
    });
    expect(res.statusCode).toBe(400);
    const p1 = (await h().as(admin, { url: `/api/v1/projects/${id}` })).json();
    expect(p1.spending.length).toBe(p0.spending.length);
  });

  it('records simultaneous spending entries all, with the total exact', async () => {
    const p0 = (await h().as(admin, { url: `/api/v1/projects/${id}` })).json();
    const item = p0.items[1].id;
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        h().as(admin, {
          method: 'POST',
          url: `/api/v1/projects/${id}/spending`,
          payload: { itemId: item, amountFen: 100, spentOn: '2025-11-01' },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const p1 = (await h().as(admin, { url: `/api/v1/projects/${id}` })).json();
    expect(p1.spentFen).toBe(p0.spentFen + 500);
  });

  it('attaches an uploaded voucher to a spending entry; the public sees it once the project is published', async () => {
    const up = await h().as(admin, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=zhoucheng',
      ...multipart(demoPhoto('before', 40, 20)),
    });
    expect(up.statusCode, up.body).toBe(201);
    const uploadId = up.json().images[0].id as string;
    const p0 = (await h().as(admin, { url: `/api/v1/projects/${id}` })).json();
    const res = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${id}/spending`,
      payload: { itemId: p0.items[0].id, amountFen: 777, spentOn: '2025-11-02', voucherUploadId: uploadId },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().spending.some((s: { voucherUploadId: string | null }) => s.voucherUploadId === uploadId)).toBe(true);
    // The project was published above: its vouchers are public with it.
    expect((await h().as(null, { url: `/api/v1/uploads/${uploadId}` })).statusCode).toBe(200);
    await h().as(admin, { method: 'PATCH', url: `/api/v1/projects/${id}`, payload: { published: false } });
    expect((await h().as(null, { url: `/api/v1/uploads/${uploadId}` })).statusCode).toBe(404);
    // The same upload cannot be claimed twice.
    const again = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${id}/spending`,
      payload: { itemId: p0.items[0].id, amountFen: 1, spentOn: '2025-11-02', voucherUploadId: uploadId },
    });
    expect(again.statusCode).toBe(400);
  });
});
