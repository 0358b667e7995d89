import { ApiError } from '../../lib/api';

export interface StreamOutcome {
  ok: boolean;
  rows: number;
  units: number;
  people: number;
  errors: Array<{ row: number; column: string; reason: string; value?: string }>;
}

/**
 * POSTs the file and reads the NDJSON answer line by line: progress lines move the bar, the last
 * line says done or failed. (api() reads whole JSON bodies, so this one uses fetch directly.)
 */
export async function readImportStream(
  url: string,
  body: FormData,
  csrf: string,
  onProgress: (done: number, total: number) => void,
): Promise<StreamOutcome> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'x-csrf-token': csrf }, credentials: 'same-origin' });
  if (!res.ok || !res.body) {
    const j = await res.json().catch(() => null);
    throw new ApiError(res.status, j?.error?.code ?? 'INTERNAL', j?.error?.message ?? res.statusText, j?.error?.details);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  let last: StreamOutcome | undefined;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
      if (!line) continue;
      const msg = JSON.parse(line);
      if (msg.type === 'progress') onProgress(msg.done, msg.total);
      else last = msg;
    }
  }
  if (!last) throw new ApiError(500, 'INTERNAL', 'import stream ended early');
  return last;
}
