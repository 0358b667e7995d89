import { PDF_LIMITS } from '@lianxin/shared';
import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { demoPhoto } from './demo-images';

const DISTRICT = '19900000008'; // 刘贞, district admin
const RESIDENT = '19900000001'; // 万玉清, resident of 五星社区安置小区

function multipart(content: Buffer, filename: string, type: string) {
  const boundary = 'lxtestboundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A small, valid, one-page PDF (what a scanner or "print to PDF" writes, in miniature). */
function pdf(extra = ''): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R${extra} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

describeEachDialect('projects: a contract or an invoice as a PDF', (h) => {
  let admin: Session;
  let id: string;
  const upload = (who: Session | null, content: Buffer, filename: string, type: string, node = 'zhoucheng') =>
    h().as(who, { method: 'POST', url: `/api/v1/uploads?nodeId=${node}&kind=document`, ...multipart(content, filename, type) });
  const uploads = async () =>
    Number(
      (
        await h()
          .ctx.db.selectFrom('uploads')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses what is not a clean PDF or a picture with a 4xx in the user’s language, storing nothing', async () => {
    admin = await h().login(DISTRICT);
    const before = await uploads();
    const refusals: Array<[string, Buffer, string, number, string, string]> = [
      // An HTML page named contract.pdf and declared as a PDF.
      [
        'html',
        Buffer.from('<html><script>alert(1)</script></html>'),
        'application/pdf',
        415,
        'UNSUPPORTED_DOCUMENT',
        '只能上传 PDF 文件或 JPEG、PNG、WebP 图片',
      ],
      // The signature and nothing of a PDF after it (no %%EOF).
      [
        'header only',
        Buffer.from('%PDF-1.7\n<script>alert(1)</script>'),
        'application/pdf',
        415,
        'UNSUPPORTED_DOCUMENT',
        '只能上传 PDF 文件或 JPEG、PNG、WebP 图片',
      ],
      [
        'javascript',
        pdf(' /OpenAction << /S /JavaScript /JS (app.alert(1)) >>'),
        'application/pdf',
        415,
        'PDF_ACTIVE_CONTENT',
        '这个 PDF 含有脚本、自动操作或嵌入文件，不能上传；请用“打印为 PDF”另存一份再上传',
      ],
      // The same name written with #xx escapes.
      [
        'escaped',
        pdf(' /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>'),
        'application/pdf',
        415,
        'PDF_ACTIVE_CONTENT',
        '这个 PDF 含有脚本、自动操作或嵌入文件，不能上传；请用“打印为 PDF”另存一份再上传',
      ],
      [
        'launch',
        pdf(' /OpenAction << /S /Launch /F (cmd.exe) >>'),
        'application/pdf',
        415,
        'PDF_ACTIVE_CONTENT',
        '这个 PDF 含有脚本、自动操作或嵌入文件，不能上传；请用“打印为 PDF”另存一份再上传',
      ],
      [
        'embedded',
        pdf(' /Names << /EmbeddedFiles 4 0 R >>'),
        'application/pdf',
        415,
        'PDF_ACTIVE_CONTENT',
        '这个 PDF 含有脚本、自动操作或嵌入文件，不能上传；请用“打印为 PDF”另存一份再上传',
      ],
      [
        'too large',
        Buffer.concat([pdf(), Buffer.alloc(PDF_LIMITS.maxBytes - pdf().length + 1, 0x20)]),
        'application/pdf',
        413,
        'PDF_TOO_LARGE',
        'PDF 文件太大：最多 10 MB，请压缩或分成几份再上传',
      ],
    ];
    const answers = [];
    for (const [name, content, type, , ,] of refusals) {
      const res = await upload(admin, content, 'contract.pdf', type);
      answers.push([name, res.statusCode, res.json().error.code, res.json().error.message]);
    }
    expect(answers).toEqual(refusals.map(([name, , , status, code, message]) => [name, status, code, message]));
    expect(await uploads()).toBe(before);
  });

  it('keeps a PDF of exactly the limit as it arrived; the photo upload still takes only pictures; residents cannot upload documents', async () => {
    const atLimit = Buffer.concat([Buffer.alloc(PDF_LIMITS.maxBytes - pdf().length, 0x20), pdf()]);
    atLimit.write('%PDF-1.4', 0, 'latin1');
    const ok = await upload(admin, atLimit, 'big.pdf', 'application/pdf');
    expect([ok.statusCode, ok.json().images.map((i: { mime: string; bytes: number }) => [i.mime, i.bytes])]).toEqual([
      201,
      [['application/pdf', PDF_LIMITS.maxBytes]],
    ]);
    const photoRoute = await h().as(admin, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=zhoucheng',
      ...multipart(pdf(), 'contract.pdf', 'application/pdf'),
    });
    expect([photoRoute.statusCode, photoRoute.json().error.code]).toEqual([415, 'UNSUPPORTED_IMAGE']);
    const resident = await h().login(RESIDENT);
    const refused = await upload(resident, pdf(), 'contract.pdf', 'application/pdf', 'wuxingaz');
    // Staff only: to a resident the route answers as if the compound were out of reach.
    expect([refused.statusCode, refused.json().error.code]).toEqual([404, 'NOT_FOUND']);
    // A picture is still a picture on the document route.
    const png = await upload(admin, demoPhoto('before', 40, 20), 'invoice.png', 'image/png');
    expect([png.statusCode, png.json().images[0].mime]).toEqual([201, 'image/png']);
  });

  it('attaches a contract PDF: public only with consent on a published project, always as a sandboxed download', async () => {
    const created = await h().as(admin, {
      method: 'POST',
      url: '/api/v1/projects',
      payload: {
        nodeId: 'zhoucheng',
        title: '轴承小区屋面防水',
        status: 'in_progress',
        items: [{ name: '防水', budgetFen: 100_000 }],
      },
    });
    expect(created.statusCode).toBe(201);
    id = created.json().id;
    expect(
      (await h().as(admin, { method: 'PATCH', url: `/api/v1/projects/${id}`, payload: { published: true } })).statusCode,
    ).toBe(200);
    const content = pdf();
    const up = await upload(admin, content, '合同.pdf', 'application/pdf');
    expect(up.statusCode).toBe(201);
    const uploadId = up.json().images[0].id as string;

    // A PDF is not a before/after photo: refused, nothing attached, the upload still unclaimed.
    const asPhoto = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${id}/photos`,
      payload: { kind: 'before', uploadId },
    });
    expect([asPhoto.statusCode, asPhoto.json().error.details.fields]).toEqual([
      400,
      [{ path: 'uploadId', reason: 'pdf_not_photo', message: '施工前后的照片须为图片；PDF 请作为合同或发票上传' }],
    ]);
    expect((await h().as(admin, { url: `/api/v1/projects/${id}` })).json().photos).toEqual([]);

    const added = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${id}/photos`,
      payload: { kind: 'contract', uploadId, caption: '施工合同' },
    });
    expect(added.statusCode).toBe(200);
    const photoId = added.json().photos[0].id as string;
    const attachment = { id: photoId, kind: 'contract', uploadId, file: 'pdf', caption: '施工合同' };
    expect(added.json().photos).toEqual([{ ...attachment, publicConsent: false }]);

    const publicView = async () => {
      const page = (await h().as(null, { url: `/api/v1/public/projects/${id}` })).json();
      const file = await h().as(null, { url: `/api/v1/uploads/${uploadId}` });
      return { photos: page.photos, file: file.statusCode };
    };
    // Without consent: internal only.
    expect(await publicView()).toEqual({ photos: [], file: 404 });
    const staff = await h().as(admin, { url: `/api/v1/uploads/${uploadId}` });
    expect([staff.statusCode, staff.rawPayload.equals(content)]).toEqual([200, true]);
    expect({
      type: staff.headers['content-type'],
      disposition: staff.headers['content-disposition'],
      csp: staff.headers['content-security-policy'],
      nosniff: staff.headers['x-content-type-options'],
      cache: staff.headers['cache-control'],
    }).toEqual({
      type: 'application/pdf',
      disposition: `attachment; filename="${uploadId}.pdf"`,
      csp: "sandbox; default-src 'none'",
      nosniff: 'nosniff',
      cache: 'private, no-store',
    });

    // With consent recorded: public, and still a sandboxed download.
    const consent = (v: boolean) =>
      h().as(admin, { method: 'PUT', url: `/api/v1/projects/${id}/photos/${photoId}/consent`, payload: { publicConsent: v } });
    expect((await consent(true)).statusCode).toBe(200);
    expect(await publicView()).toEqual({ photos: [{ ...attachment, publicConsent: true }], file: 200 });
    const anon = await h().as(null, { url: `/api/v1/uploads/${uploadId}` });
    expect([anon.headers['content-type'], anon.headers['content-disposition'], anon.headers['content-security-policy']]).toEqual([
      'application/pdf',
      `attachment; filename="${uploadId}.pdf"`,
      "sandbox; default-src 'none'",
    ]);

    // Unpublished: hidden again, consent or not; consent withdrawn: internal only once republished.
    expect(
      (await h().as(admin, { method: 'PATCH', url: `/api/v1/projects/${id}`, payload: { published: false } })).statusCode,
    ).toBe(200);
    expect((await h().as(null, { url: `/api/v1/uploads/${uploadId}` })).statusCode).toBe(404);
    expect(
      (await h().as(admin, { method: 'PATCH', url: `/api/v1/projects/${id}`, payload: { published: true } })).statusCode,
    ).toBe(200);
    expect(await publicView()).toEqual({ photos: [{ ...attachment, publicConsent: true }], file: 200 });
    expect((await consent(false)).statusCode).toBe(200);
    expect(await publicView()).toEqual({ photos: [], file: 404 });
  });
});
