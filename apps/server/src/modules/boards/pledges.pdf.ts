import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { cjkFont } from '../hours/certificate.pdf';

export interface PledgeCard {
  name: string;
  branch: string | null;
  /** 3栋1单元301 */
  door: string;
  lines: string[];
  /** PNG or JPEG bytes, only when the member's consent is in force. */
  photo: Buffer | null;
  /** Opens "ask for help" for the member's building. */
  helpUrl: string;
}

/**
 * All 党员承诺牌 of a compound as one PDF: one A4 page per card (name, branch, door, the member's own
 * pledge lines, the photo when there is one, the building's QR code), CJK font embedded.
 */
export async function renderPledgesPdf(compound: string, cards: PledgeCard[]): Promise<Buffer> {
  const qrs = new Map<string, Buffer>();
  for (const c of cards) {
    if (!qrs.has(c.helpUrl))
      qrs.set(c.helpUrl, await QRCode.toBuffer(c.helpUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 }));
  }
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 64, autoFirstPage: false, info: { Title: `${compound} 党员承诺牌` } });
    const chunks: Buffer[] = [];
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', cjkFont());
    for (const c of cards) {
      doc.addPage();
      doc.font('cjk');
      const { width, height } = doc.page;
      doc
        .lineWidth(4)
        .strokeColor('#b3261e')
        .rect(28, 28, width - 56, height - 56)
        .stroke();
      doc.fillColor('#b3261e').fontSize(34).text('共产党员承诺牌', 64, 80, { align: 'center', characterSpacing: 6 });
      doc.fillColor('#555').fontSize(13).text(compound, { align: 'center' });
      const top = 180;
      const photoW = 150;
      const textX = c.photo ? 64 + photoW + 28 : 64;
      if (c.photo) doc.image(c.photo, 64, top, { fit: [photoW, 200], align: 'center' });
      doc
        .fillColor('#111')
        .fontSize(30)
        .text(c.name, textX, top, { width: width - textX - 64 });
      doc.fontSize(15).fillColor('#333');
      if (c.branch) doc.text(`所在支部：${c.branch}`, { width: width - textX - 64 });
      doc.text(`住址：${c.door}`, { width: width - textX - 64 });
      doc
        .fillColor('#b3261e')
        .fontSize(20)
        .text('我承诺', 64, top + 240, { align: 'center', width: width - 128 });
      doc.moveDown(0.6);
      // Each line on one line of the card: a 30-character line gets a smaller size than a short one.
      const longest = Math.max(...c.lines.map((l) => [...l].length));
      doc.fillColor('#111').fontSize(Math.min(22, Math.floor((width - 136) / longest)));
      for (const l of c.lines) doc.text(l, { align: 'center', width: width - 128, lineGap: 10 });
      const qrSize = 110;
      const qr = qrs.get(c.helpUrl) as Buffer;
      doc.image(qr, width - 64 - qrSize, height - 64 - qrSize - 10, { width: qrSize, height: qrSize });
      doc.fillColor('#555').fontSize(13);
      doc.text('有困难，扫码找党员（民呼我应）', 64, height - 64 - 60, { width: width - 128 - qrSize - 12 });
    }
    doc.end();
  });
}
