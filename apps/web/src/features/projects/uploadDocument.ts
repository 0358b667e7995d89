import { ApiError, api } from '../../lib/api';

export const IMAGE_ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif';
export const DOCUMENT_ACCEPT = `application/pdf,${IMAGE_ACCEPT}`;

/**
 * Uploads a contract, an invoice or a voucher (`POST /api/v1/uploads?kind=document`): a PDF is kept
 * as it is (checked by its content, at most 10 MB, no scripts), a picture is re-encoded like any
 * photo. Returns the upload id.
 */
export async function uploadDocument(nodeId: string, file: File): Promise<string> {
  const fd = new FormData();
  fd.append('file', file);
  const r = await api<{ images: Array<{ id: string }> }>(`/api/v1/uploads?nodeId=${encodeURIComponent(nodeId)}&kind=document`, {
    method: 'POST',
    body: fd,
  });
  const id = r.images[0]?.id;
  if (!id) throw new ApiError(422, 'VALIDATION_FAILED', 'upload');
  return id;
}
