import { expect } from 'vitest';
import { multipartBody, pngWithMetadata } from '../../lib/uploads.fixtures';
import type { Harness, Session } from '../../test/harness';

/** Demo phones of 龙升社区安置小区 (longshengaz) and of another compound, for the council's tests. */
export const RESIDENT = '19900000041';
export const NEIGHBOUR = '19900000042';
export const SECRETARY = '19900000043';
export const COMMITTEE = '19900000004';
export const OUTSIDER = '19900000001'; // resident of 五星社区安置小区
export const OTHER_VOLUNTEER = '19900000002'; // 黄园, volunteer of 五星社区安置小区

/** Uploads one photo (with GPS-like metadata that must be stripped) to longshengaz; its id. */
export async function uploadPhoto(h: Harness, s: Session): Promise<string> {
  const res = await h.as(s, {
    method: 'POST',
    url: '/api/v1/uploads?nodeId=longshengaz',
    ...multipartBody('plot.png', 'image/png', pngWithMetadata()),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().images[0].id as string;
}

/** Raises an issue in longshengaz (a broken lamp unless `extra` says otherwise); its id. */
export async function raise(h: Harness, s: Session, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await h.as(s, {
    method: 'POST',
    url: '/api/v1/council/issues',
    payload: { compoundId: 'longshengaz', title: '路灯不亮', description: '东门路灯坏了', category: 'facility_repair', ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
