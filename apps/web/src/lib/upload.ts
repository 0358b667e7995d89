import { ApiError, api } from './api';

/**
 * Uploads one image to a node (`POST /api/v1/uploads`) and returns its upload id. JPEG, PNG, WebP
 * and an iPhone's HEIC/HEIF are taken; the server re-encodes them (an HEIC becomes a JPEG).
 */
export async function uploadImage(nodeId: string, file: File): Promise<string> {
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
