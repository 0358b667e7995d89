import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { decodeQr } from '../../test/qr';
import { addDays, todayInChina } from '../volunteers/dates';
import { DEMO, makeVolunteers } from '../volunteers/test-helpers';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../../../e2e/artifacts');

describeEachDialect('hours: ledger, corrections, certificates', (h) => {
  let huang: Session;
  let secretary: Session;
  let certId: string;
  let number: string;

  it('gives 黄园 a ledger of her visits with activity, date, place, minutes and organiser', async () => {
    huang = await h().login(DEMO.huang);
    secretary = await h().login(DEMO.secretary);
    const res = (await h().as(huang, { url: '/api/v1/hours/mine' })).json();
    const visits = res.entries.filter((e: { sourceType: string }) => e.sourceType === 'visit');
    expect(visits.length).toBeGreaterThanOrEqual(12);
    expect(visits[0]).toMatchObject({ organiser: '五星社区安置小区党支部', team: '党员' });
    expect(visits[0].place).toContain('万玉清家');
    expect(res.totalMinutes).toBeGreaterThan(0);
  });

  it('totals the compound by volunteer, team and month for staff only', async () => {
    const res = await h().as(secretary, { url: '/api/v1/nodes/wuxingaz/hours' });
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(b.byTeam.map((t: { team: string }) => t.team)).toEqual(expect.arrayContaining(['党员', '团员', '妇联']));
    expect(b.byMonth.length).toBeGreaterThanOrEqual(12);
    const team = await h().as(secretary, { url: '/api/v1/nodes/wuxingaz/hours?team=党员' });
    expect(team.json().entries.every((e: { team: string }) => e.team === '党员')).toBe(true);
    expect((await h().as(huang, { url: '/api/v1/nodes/wuxingaz/hours' })).statusCode).toBe(403);
    const outsider = await h().login(DEMO.longshengMember);
    expect((await h().as(outsider, { url: '/api/v1/nodes/wuxingaz/hours' })).statusCode).toBe(404);
  });

  it('corrects the ledger with a new reasoned entry, never by editing', async () => {
    const before = (await h().as(huang, { url: '/api/v1/hours/mine' })).json();
    const target = before.entries[0];
    const res = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/hours/corrections',
      payload: {
        personId: 'p-19900000002',
        minutes: -15,
        servedOn: target.servedOn,
        activity: '探访时长多记',
        reason: '路程时间不计入服务时长',
        correctsId: target.id,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ sourceType: 'manual', minutes: -15, reason: '路程时间不计入服务时长' });
    const after = (await h().as(huang, { url: '/api/v1/hours/mine' })).json();
    expect(after.totalMinutes).toBe(before.totalMinutes - 15);
    expect(after.entries.find((e: { id: string }) => e.id === target.id).minutes).toBe(target.minutes);
    const zero = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/hours/corrections',
      payload: { personId: 'p-19900000002', minutes: 0, servedOn: todayInChina(), activity: 'x', reason: 'xx' },
    });
    expect(zero.statusCode).toBe(400);
  });

  it('issues a numbered certificate once, as a PDF with Chinese text, whose number checks out', async () => {
    const req = await h().as(huang, {
      method: 'POST',
      url: '/api/v1/certificates',
      payload: { periodFrom: addDays(todayInChina(), -400), periodTo: todayInChina(), note: '申请志愿服务证明' },
    });
    expect(req.statusCode).toBe(201);
    certId = req.json().id;
    expect((await h().as(huang, { method: 'POST', url: `/api/v1/certificates/${certId}/issue` })).statusCode).toBe(403);
    const issued = await Promise.all(
      [0, 1, 2].map(() => h().as(secretary, { method: 'POST', url: `/api/v1/certificates/${certId}/issue` })),
    );
    expect(issued.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const cert = issued.find((r) => r.statusCode === 200)?.json();
    number = cert.number;
    expect(number).toMatch(/^LX\d{4}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(cert.organisers).toContain('五星社区安置小区党支部');
    expect(cert.issuer).toBe('五星社区安置小区党支部');
    const ledger = (await h().as(huang, { url: '/api/v1/hours/mine' })).json();
    expect(cert.minutes).toBe(ledger.entries.reduce((s: number, e: { minutes: number }) => s + e.minutes, 0));

    const pdf = await h().as(huang, { url: `/api/v1/certificates/${certId}/pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-cert-'));
    const file = path.join(dir, 'c.pdf');
    fs.writeFileSync(file, pdf.rawPayload);
    // The CJK font is embedded, not taken from the system.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/SourceHanSansSC-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes/);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('志愿服务证明');
    expect(text).toContain('黄园');
    expect(text).toContain(number);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      path.join(ARTIFACTS, `certificate-${h().dialect}`),
    ]);
    expect(fs.statSync(path.join(ARTIFACTS, `certificate-${h().dialect}.png`)).size).toBeGreaterThan(10_000);
    // The receipt: its address printed, and the same address in the QR code read off the rendered page.
    const receiptUrl = `http://localhost:80/verify/certificate/${certId}`;
    expect(text.replace(/\s+/g, '')).toContain(`公开记录核验（扫右侧二维码）：${receiptUrl}`);
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')]);
    expect(await decodeQr(path.join(dir, 'page.png'))).toBe(receiptUrl);
    // The page it opens proves the issuing entry in the public log.
    await h().ctx.log.sequence(60_000);
    const proof = await h().as(null, { url: `/api/v1/log/receipts/certificate/${certId}` });
    expect(proof.statusCode).toBe(200);
    expect(JSON.parse(proof.json().entry)[5]).toBe('certificate.issued');
  });

  it('answers the public check: genuine for the issued number, not for a made-up one', async () => {
    const ok = await h().app.inject({ url: `/api/v1/certificates/verify/${number}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ genuine: true, holder: '黄*', issuer: '五星社区安置小区党支部' });
    expect(JSON.stringify(ok.json())).not.toContain('黄园');
    const fake = await h().app.inject({ url: '/api/v1/certificates/verify/LX2026-AAAAA-BBBBB' });
    expect(fake.json()).toEqual({ genuine: false, number: 'LX2026-AAAAA-BBBBB' });
    const junk = await h().app.inject({ url: `/api/v1/certificates/verify/${encodeURIComponent("' or 1=1 --")}` });
    expect(junk.json().genuine).toBe(false);
  });

  it('certifies only hours its organisation recorded, and keeps the PDF from others', async () => {
    const [fresh] = await makeVolunteers(h(), 1);
    const req = await h().as(fresh ?? null, {
      method: 'POST',
      url: '/api/v1/certificates',
      payload: { periodFrom: addDays(todayInChina(), -30), periodTo: todayInChina() },
    });
    const res = await h().as(secretary, { method: 'POST', url: `/api/v1/certificates/${req.json().id}/issue` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('NO_HOURS_TO_CERTIFY');
    expect((await h().as(fresh ?? null, { url: `/api/v1/certificates/${certId}/pdf` })).statusCode).toBe(404);
    const backwards = await h().as(fresh ?? null, {
      method: 'POST',
      url: '/api/v1/certificates',
      payload: { periodFrom: todayInChina(), periodTo: addDays(todayInChina(), -3) },
    });
    expect(backwards.statusCode).toBe(400);
  });
});
