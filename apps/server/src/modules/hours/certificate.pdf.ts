import fs from 'node:fs';
import { createRequire } from 'node:module';
import { minutesToHours } from '@lianxin/shared';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);

/**
 * The CJK font comes from the npm registry (node-source-han-sans-sc: Source Han Sans SC, OFL),
 * never from the system, and is embedded (subset) in every certificate. Read once per process.
 */
let fontCache: Buffer | null = null;
export function cjkFont(): Buffer {
  fontCache ??= fs.readFileSync(require.resolve('node-source-han-sans-sc/SourceHanSansSC-Regular.otf'));
  return fontCache;
}

export interface CertificateContent {
  /** 名称 */
  title: string;
  holderName: string;
  periodFrom: string;
  periodTo: string;
  /** 时长 */
  minutes: number;
  /** 服务内容 */
  services: string[];
  /** 谁组织谁记录: the organisers whose records it certifies. */
  organisers: string[];
  /** 出具单位 */
  issuer: string;
  /** 编号 */
  number: string;
  /** 日期 */
  issuedOn: string;
  /** Where anyone can check the number. */
  verifyUrl: string;
  /** The receipt page (/verify/certificate/:id) that checks the issuing entry in the public log; printed and as a QR code. */
  receiptUrl: string;
}

function cnDate(d: string): string {
  const [y, m, day] = d.split('-');
  return `${y}年${Number(m)}月${Number(day)}日`;
}

/** Renders a one-page A4 certificate as a PDF buffer. */
export async function renderCertificatePdf(c: CertificateContent): Promise<Buffer> {
  const qr = await QRCode.toBuffer(c.receiptUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 64,
      info: { Title: `${c.title} ${c.number}`, Author: c.issuer, Subject: c.holderName },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', cjkFont());
    doc.font('cjk');
    const { width, height } = doc.page;
    doc
      .lineWidth(3)
      .strokeColor('#b3261e')
      .rect(28, 28, width - 56, height - 56)
      .stroke();
    doc
      .lineWidth(1)
      .rect(36, 36, width - 72, height - 72)
      .stroke();

    doc.fillColor('#b3261e').fontSize(30).text(c.title, 64, 90, { align: 'center', characterSpacing: 6 });
    doc.fillColor('#555').fontSize(11).text(`编号：${c.number}`, { align: 'center' });
    doc.moveDown(2.2);
    doc.fillColor('#111').fontSize(15);
    doc.text(
      `兹证明 ${c.holderName} 同志于 ${cnDate(c.periodFrom)} 至 ${cnDate(c.periodTo)} 期间参加志愿服务，` +
        `累计服务时长 ${minutesToHours(c.minutes)} 小时（${c.minutes} 分钟，不含往返路程）。`,
      { lineGap: 8, indent: 30 },
    );
    doc.moveDown(1.2);
    doc.fontSize(14).fillColor('#b3261e').text('服务内容');
    doc.fillColor('#111').fontSize(13);
    for (const s of c.services) doc.text(`· ${s}`, { lineGap: 4, indent: 12 });
    doc.moveDown(1);
    doc.fontSize(14).fillColor('#b3261e').text('组织记录单位（谁组织谁记录，谁记录谁证明）');
    doc.fillColor('#111').fontSize(13);
    for (const o of c.organisers) doc.text(`· ${o}`, { lineGap: 4, indent: 12 });

    doc.fontSize(14).fillColor('#111');
    // The text ends left of the seal ring, so neither covers the other.
    const textWidth = width - 64 - 200;
    doc.text(`出具单位：${c.issuer}`, 64, height - 250, { width: textWidth, align: 'right' });
    doc.text(`日期：${cnDate(c.issuedOn)}`, 64, doc.y + 4, { width: textWidth, align: 'right' });
    doc
      .lineWidth(2)
      .strokeColor('#b3261e')
      .circle(width - 128, height - 235, 46)
      .stroke();
    doc
      .fillColor('#b3261e')
      .fontSize(10)
      .text('志愿服务', width - 168, height - 248, { width: 80, align: 'center' });
    doc.text('记录专用', width - 168, height - 232, { width: 80, align: 'center' });

    // The receipt: a QR code and its address, for a check of the public log in the reader's browser.
    const qrSize = 84;
    doc.image(qr, width - 64 - qrSize, height - 64 - qrSize - 40, { width: qrSize, height: qrSize });
    doc.fillColor('#555').fontSize(10);
    const noteWidth = width - 128 - qrSize - 12;
    doc.text(`真伪查询：${c.verifyUrl}`, 64, height - 150, { align: 'left', width: noteWidth });
    doc.text('本证明依据连心桥志愿服务记录出具，编号可在上述地址核验。', { align: 'left', width: noteWidth });
    doc.text(`公开记录核验（扫右侧二维码）：${c.receiptUrl}`, { align: 'left', width: noteWidth });
    doc.end();
  });
}
