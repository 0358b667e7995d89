/**
 * Bounds on what a client may make the server read. They are named in the refusal messages
 * (errors.ts), so the user learns the limit, not only that there is one.
 */
export const IMPORT_LIMITS = {
  /** The uploaded file itself (CSV or XLSX). */
  maxFileBytes: 30 * 1024 * 1024,
  /** Everything inside an XLSX archive once inflated (the 50,000-row benchmark sheet is ≈ 12 MB). */
  maxInflatedBytes: 64 * 1024 * 1024,
  /** Data rows below the header. */
  maxRows: 100_000,
  /** Columns, counting to the rightmost filled cell. */
  maxColumns: 256,
} as const;

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export const IMPORT_LIMITS_ZH = `表格太大：解压后不超过 ${mb(IMPORT_LIMITS.maxInflatedBytes)} MB、不超过 ${IMPORT_LIMITS.maxRows} 行、${IMPORT_LIMITS.maxColumns} 列，请拆成几个文件分别导入`;
export const IMPORT_LIMITS_EN = `The spreadsheet is too large: at most ${mb(IMPORT_LIMITS.maxInflatedBytes)} MB uncompressed, ${IMPORT_LIMITS.maxRows} rows and ${IMPORT_LIMITS.maxColumns} columns; split it into several files`;

/** Images: decoded only below this many pixels (a 12 MP phone photo is 12,000,000; a 48 MP one fits). */
export const IMAGE_LIMITS = { maxPixels: 50_000_000 } as const;

export const IMAGE_LIMITS_ZH = `图片尺寸太大：最多 ${IMAGE_LIMITS.maxPixels / 10_000} 万像素，请缩小后再上传`;
/** A PDF attachment (a contract, an invoice): its largest size, kept as it arrived. */
export const PDF_LIMITS = { maxBytes: 10 * 1024 * 1024 } as const;
export const PDF_LIMITS_ZH = `PDF 文件太大：最多 ${PDF_LIMITS.maxBytes / 1024 / 1024} MB，请压缩或分成几份再上传`;
export const PDF_LIMITS_EN = `The PDF is too large: at most ${PDF_LIMITS.maxBytes / 1024 / 1024} MB; compress or split it and upload again`;
export const IMAGE_LIMITS_EN = `The image is too large: at most ${IMAGE_LIMITS.maxPixels / 1_000_000} megapixels; scale it down and upload again`;
