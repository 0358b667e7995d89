import i18next from 'i18next';
import { ApiError, api } from './api';

/**
 * True for an iPhone HEIC/HEIF photo, by its declared type or name. The server refuses these
 * (415 IMAGE_HEIC_UNSUPPORTED: this deployment's libvips cannot decode HEVC) and Chromium cannot
 * decode them to convert on a canvas, so the user is told before the upload.
 */
export function isHeic(file: File): boolean {
  return /^image\/(heic|heif)(-sequence)?$/i.test(file.type) || /\.(heic|heif)$/i.test(file.name);
}

const HEIC_MESSAGE = {
  'zh-CN': '暂时无法读取 iPhone 的 HEIC/HEIF 照片：请改选 JPG 或 PNG 照片，或在“设置 › 相机 › 格式”中选“兼容性最佳”后再拍',
  en: 'HEIC/HEIF photos cannot be read: choose a JPEG or PNG photo, or on the iPhone choose Settings › Camera › Formats › Most Compatible',
};

/** Uploads one image to a node (`POST /api/v1/uploads`) and returns its upload id. */
export async function uploadImage(nodeId: string, file: File): Promise<string> {
  if (isHeic(file)) {
    throw new ApiError(415, 'IMAGE_HEIC_UNSUPPORTED', HEIC_MESSAGE[i18next.language === 'en' ? 'en' : 'zh-CN']);
  }
  const fd = new FormData();
  fd.append('file', file);
  const r = await api<{ images: Array<{ id: string }> }>(`/api/v1/uploads?nodeId=${encodeURIComponent(nodeId)}`, {
    method: 'POST',
    body: fd,
  });
  const id = r.images[0]?.id;
  if (!id) throw new ApiError(422, 'VALIDATION_FAILED', 'upload');
  return id;
}
