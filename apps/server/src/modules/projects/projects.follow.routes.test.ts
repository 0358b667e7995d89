import { expect, it } from 'vitest';
import { describeEachDialect, type Harness, type Session } from '../../test/harness';
import { demoPhoto } from './demo-images';

const DISTRICT = '19900000008'; // 刘贞, district admin at yunlong
const RESIDENT = '19900000001'; // 万玉清, 五星社区安置小区 (wuxingaz)
const ZHOUCHENG_RESIDENT = '19900000041'; // a resident of another compound

async function createPublished(h: Harness, admin: Session, nodeId: string, title: string) {
  const res = await h.as(admin, {
    method: 'POST',
    url: '/api/v1/projects',
    payload: {
      nodeId,
      title,
      contractor: '株洲某建设公司',
      summary: '疏通管网、硬化路面',
      startedOn: '2025-10-08',
      finishedOn: '2025-12-28',
      funding: [
        { source: '区财政', amountFen: 200_000_00 },
        { source: '街道配套', amountFen: 50_000_00 },
      ],
      items: [
        { name: '疏通管网', budgetFen: 100_000_00 },
        { name: '硬化路面', budgetFen: 150_000_00 },
      ],
      milestones: [{ title: '开工', dueOn: '2025-10-08' }],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  await h.as(admin, { method: 'PATCH', url: `/api/v1/projects/${id}`, payload: { published: true } });
  return res.json() as { id: string; items: Array<{ id: string; name: string }>; milestones: Array<{ id: string }> };
}

describeEachDialect('projects.corrections', (h) => {
  it('corrects an entry by a reversing entry with its reason: totals exact, shown publicly, never beyond the entry', async () => {
    const admin = await h().login(DISTRICT);
    const p = await createPublished(h(), admin, 'wuxingaz', '五星小区管网改造');
    const pipes = p.items[0]?.id as string;
    const spend = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${p.id}/spending`,
      payload: { itemId: pipes, amountFen: 9_000_000_00, spentOn: '2025-10-20', note: '多输了一个零' },
    });
    const entry = spend.json().spending[0].id as string;
    const url = `/api/v1/projects/${p.id}/spending/${entry}/corrections`;

    const fix = await h().as(admin, {
      method: 'POST',
      url,
      payload: { amountFen: 8_100_000_00, spentOn: '2025-10-21', reason: '金额录入错误，应为90万元' },
    });
    expect(fix.statusCode, fix.body).toBe(200);
    const d = fix.json();
    expect(d.spentFen).toBe(900_000_00);
    expect(d.items.map((i: { spentFen: number }) => i.spentFen)).toEqual([900_000_00, 0]);
    expect(
      d.spending.map((s: Record<string, unknown>) => [s.amountFen, s.correctsId, s.reason, s.correctedFen, s.itemName]),
    ).toEqual([
      [-8_100_000_00, entry, '金额录入错误，应为90万元', 0, '疏通管网'],
      [9_000_000_00, null, '', 8_100_000_00, '疏通管网'],
    ]);
    expect(d.history.at(-1)).toMatchObject({
      action: 'project.spending_corrected',
      details: { corrects: entry, amountFen: -8_100_000_00, reason: '金额录入错误，应为90万元', spentOn: '2025-10-21' },
    });

    // The public page shows the correction as a correction, with its reason.
    const pub = (await h().as(null, { url: `/api/v1/public/projects/${p.id}` })).json();
    expect(pub.spentFen).toBe(900_000_00);
    expect(pub.spending[0]).toMatchObject({ amountFen: -8_100_000_00, correctsId: entry, reason: '金额录入错误，应为90万元' });
    const list = (await h().as(null, { url: '/api/v1/public/projects?nodeId=wuxingaz' })).json();
    expect(list.map((x: { id: string; spentFen: number }) => [x.id, x.spentFen])).toEqual([[p.id, 900_000_00]]);

    // More than is left (900,000.00 yuan left: 900,000.01 asked) is refused, writing nothing.
    const over = await h().as(admin, {
      method: 'POST',
      url,
      payload: { amountFen: 900_000_01, spentOn: '2025-10-22', reason: '再更正' },
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ code: 'CORRECTION_EXCEEDS', message: '更正金额不能超过原支出尚未更正的金额' });
    // A correction of a correction, a negative or zero amount, a missing reason: refused.
    const corr = d.spending[0].id as string;
    const twice = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${p.id}/spending/${corr}/corrections`,
      payload: { amountFen: 1, spentOn: '2025-10-22', reason: '错' },
    });
    expect([twice.statusCode, twice.json().error.code]).toEqual([422, 'CORRECTION_OF_CORRECTION']);
    for (const payload of [
      { amountFen: -5, spentOn: '2025-10-22', reason: '错' },
      { amountFen: 0, spentOn: '2025-10-22', reason: '错' },
      { amountFen: 5, spentOn: '2025-10-22', reason: '  ' },
      { amountFen: 5, spentOn: '2025-10-22' },
    ]) {
      const res = await h().as(admin, { method: 'POST', url, payload });
      expect([res.statusCode, res.json().error.code], JSON.stringify(payload)).toEqual([400, 'VALIDATION_FAILED']);
    }
    const unknown = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${p.id}/spending/nope000000/corrections`,
      payload: { amountFen: 1, spentOn: '2025-10-22', reason: '错' },
    });
    expect(unknown.statusCode).toBe(404);
    // Simultaneous corrections of what is left: exactly enough of them pass, the total stays exact.
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        h().as(admin, { method: 'POST', url, payload: { amountFen: 300_000_00, spentOn: '2025-10-23', reason: '分批退回' } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 422]);
    const after = (await h().as(admin, { url: `/api/v1/projects/${p.id}` })).json();
    expect(after.spentFen).toBe(0);
    expect(after.spending.find((s: { id: string }) => s.id === entry).correctedFen).toBe(9_000_000_00);
    expect((await h().ctx.audit.verify()).ok).toBe(true);
  });
});

describeEachDialect('projects.follow', (h) => {
  it("lists a resident's compound's published projects; a follower hears of each milestone and of completion", async () => {
    const admin = await h().login(DISTRICT);
    const resident = await h().login(RESIDENT);
    const p = await createPublished(h(), admin, 'wuxingaz', '五星小区路面硬化');
    const draft = await h().as(admin, {
      method: 'POST',
      url: '/api/v1/projects',
      payload: { nodeId: 'wuxingaz', title: '未公开的项目' },
    });
    const mine = async (s: Session) =>
      (await h().as(s, { url: '/api/v1/me/projects' }))
        .json()
        .map((x: { title: string; following: boolean; nodeName: string }) => [x.title, x.nodeName, x.following]);
    expect(await mine(resident)).toEqual([['五星小区路面硬化', '五星社区安置小区', false]]);

    // Following: only a published project of one's own compound.
    const follow = (s: Session, id: string, following: boolean) =>
      h().as(s, { method: 'PUT', url: `/api/v1/projects/${id}/follow`, payload: { following } });
    expect((await follow(resident, draft.json().id, true)).statusCode).toBe(404);
    const other = await h().login(ZHOUCHENG_RESIDENT);
    expect((await follow(other, p.id, true)).statusCode).toBe(404);
    expect((await follow(resident, p.id, true)).json()).toEqual({ following: true });
    expect((await follow(resident, p.id, true)).json()).toEqual({ following: true });
    expect(await mine(resident)).toEqual([['五星小区路面硬化', '五星社区安置小区', true]]);

    const told = async () =>
      (
        await h()
          .ctx.db.selectFrom('notifications')
          .select(['kind', 'person_id', 'title', 'link'])
          .where('link', '=', `/public/projects/${p.id}`)
          .orderBy('created_at')
          .orderBy('id')
          .execute()
      ).map((n) => [n.kind, n.person_id, n.title]);
    const milestone = p.milestones[0]?.id as string;
    await h().as(admin, {
      method: 'PATCH',
      url: `/api/v1/projects/${p.id}/milestones/${milestone}`,
      payload: { doneOn: '2025-10-08' },
    });
    // Marking it done again, or undone, tells nobody.
    await h().as(admin, {
      method: 'PATCH',
      url: `/api/v1/projects/${p.id}/milestones/${milestone}`,
      payload: { doneOn: '2025-10-09' },
    });
    await h().as(admin, { method: 'PATCH', url: `/api/v1/projects/${p.id}`, payload: { status: 'completed', progress: 100 } });
    expect(await told()).toEqual([
      ['project.milestone', resident.personId, '五星小区路面硬化：开工 已完成'],
      ['project.completed', resident.personId, '五星小区路面硬化 已完工'],
    ]);
    // Unfollowed: told of nothing more.
    expect((await follow(resident, p.id, false)).json()).toEqual({ following: false });
    await h().as(admin, { method: 'PATCH', url: `/api/v1/projects/${p.id}`, payload: { status: 'in_progress' } });
    await h().as(admin, { method: 'PATCH', url: `/api/v1/projects/${p.id}`, payload: { status: 'completed' } });
    expect((await told()).length).toBe(2);
    expect(await mine(resident)).toEqual([['五星小区路面硬化', '五星社区安置小区', false]]);
  });
});

describeEachDialect('projects.nodes', (h) => {
  it('offers the nodes of the caller’s subtree by name along the tree, for the picker', async () => {
    const worker = await h().login('19900000005'); // 邹晓敏, community worker of 五星社区
    const res = await h().as(worker, { url: '/api/v1/projects/nodes' });
    expect(res.statusCode).toBe(200);
    const path = '株洲经开区·云龙示范区 › 云田镇 › 五星社区';
    expect(res.json()).toEqual([
      { id: 'wuxing', name: '五星社区', kind: 'community', label: path },
      { id: 'wuxingaz', name: '五星社区安置小区', kind: 'compound', label: `${path} › 五星社区安置小区` },
      { id: 'wuxinghy', name: '五星花园', kind: 'compound', label: `${path} › 五星花园` },
    ]);
    const resident = await h().login(RESIDENT);
    expect((await h().as(resident, { url: '/api/v1/projects/nodes' })).statusCode).toBe(403);
  });
});

function multipart(content: Buffer) {
  const boundary = 'lxtestboundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="contract.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachDialect('projects.attachments', (h) => {
  it('publishes an attachment (contract, invoice, photo) only once consent to publish it is recorded', async () => {
    const admin = await h().login(DISTRICT);
    const p = await createPublished(h(), admin, 'wuxingaz', '五星小区监控安装');
    const upload = async () => {
      const up = await h().as(admin, {
        method: 'POST',
        url: '/api/v1/uploads?nodeId=wuxingaz',
        ...multipart(demoPhoto('before', 40, 20)),
      });
      expect(up.statusCode, up.body).toBe(201);
      return up.json().images[0].id as string;
    };
    const contract = await upload();
    const photo = await upload();
    const attach = (uploadId: string, kind: string, publicConsent?: boolean) =>
      h().as(admin, {
        method: 'POST',
        url: `/api/v1/projects/${p.id}/photos`,
        payload: { kind, uploadId, caption: kind, ...(publicConsent === undefined ? {} : { publicConsent }) },
      });
    expect((await attach(contract, 'contract')).statusCode).toBe(200);
    const staff = (await attach(photo, 'after', true)).json();
    expect(staff.photos.map((x: Record<string, unknown>) => [x.kind, x.uploadId, x.publicConsent])).toEqual([
      ['contract', contract, false],
      ['after', photo, true],
    ]);
    const publicPhotos = async () =>
      (await h().as(null, { url: `/api/v1/public/projects/${p.id}` })).json().photos.map((x: { uploadId: string }) => x.uploadId);
    const served = async (id: string) => (await h().as(null, { url: `/api/v1/uploads/${id}` })).statusCode;
    expect(await publicPhotos()).toEqual([photo]);
    expect([await served(contract), await served(photo)]).toEqual([404, 200]);
    // Unpublishing the project hides the consented one too; publishing again never shows the other.
    await h().as(admin, { method: 'PATCH', url: `/api/v1/projects/${p.id}`, payload: { published: false } });
    expect([await served(contract), await served(photo)]).toEqual([404, 404]);
    await h().as(admin, { method: 'PATCH', url: `/api/v1/projects/${p.id}`, payload: { published: true } });
    expect([await served(contract), await served(photo)]).toEqual([404, 200]);

    // Consent recorded for the contract: now public; withdrawn from the photo: gone.
    const contractRow = staff.photos[0].id as string;
    const photoRow = staff.photos[1].id as string;
    const consent = (row: string, publicConsent: boolean) =>
      h().as(admin, { method: 'PUT', url: `/api/v1/projects/${p.id}/photos/${row}/consent`, payload: { publicConsent } });
    expect((await consent(contractRow, true)).statusCode).toBe(200);
    const after = (await consent(photoRow, false)).json();
    expect(after.photos.map((x: { publicConsent: boolean }) => x.publicConsent)).toEqual([true, false]);
    expect(await publicPhotos()).toEqual([contract]);
    expect([await served(contract), await served(photo)]).toEqual([200, 404]);
    expect(after.history.slice(-2).map((x: { action: string; details: unknown }) => [x.action, x.details])).toEqual([
      ['project.photo_consent', { kind: 'contract', publicConsent: true }],
      ['project.photo_consent', { kind: 'after', publicConsent: false }],
    ]);
    expect(
      (
        await h().as(admin, {
          method: 'PUT',
          url: `/api/v1/projects/${p.id}/photos/nope000000/consent`,
          payload: { publicConsent: true },
        })
      ).statusCode,
    ).toBe(404);
    const bad = await attach(await upload(), 'receipt', true);
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
