import { expect, it } from 'vitest';
import { describeEachDialect, type Harness, type Session } from '../../test/harness';
import { NEIGHBOUR, OTHER_VOLUNTEER, OUTSIDER, RESIDENT, raise, SECRETARY, uploadPhoto } from './council.fixtures';

/** The audit entries of one issue with this action, oldest first. */
function auditOf(h: Harness, issueId: string, action: string) {
  return h.ctx.db
    .selectFrom('audit_log')
    .select(['actor_account_id', 'on_behalf_of', 'channel', 'details'])
    .where('target_id', '=', issueId)
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
}

describeEachDialect('council photo consent', (h) => {
  const get = async (s: Session | null, url: string) => (await h().as(s, { method: 'GET', url })).statusCode;
  const consent = (s: Session | null, id: string, given: boolean) =>
    h().as(s, { method: 'POST', url: `/api/v1/council/issues/${id}/photo-consent`, payload: { given } });
  const withdraw = (s: Session | null, id: string, reason: string) =>
    h().as(s, { method: 'POST', url: `/api/v1/council/issues/${id}/photo-withdrawal`, payload: { reason } });

  it('keeps photos off public pages until the raiser consents, and again once staff withdraw them', async () => {
    const r = await h().login(RESIDENT);
    const n = await h().login(NEIGHBOUR);
    const sec = await h().login(SECRETARY);
    const photoId = await uploadPhoto(h(), r);
    const id = await raise(h(), r, { photoIds: [photoId] }); // the box left unticked
    const memberUrl = `/api/v1/council/issues/${id}/photos/${photoId}`;
    const publicUrl = `/api/v1/public/council/issues/${id}/photos/${photoId}`;
    const publicPhotos = async () =>
      (await h().as(null, { method: 'GET', url: `/api/v1/public/council/issues/${id}` })).json().photos;

    // no consent: members of the compound see the photos, the public sees none
    expect(await get(r, memberUrl)).toBe(200);
    expect(await get(n, memberUrl)).toBe(200);
    expect(await get(null, publicUrl)).toBe(404);
    expect(await get(n, publicUrl)).toBe(404);
    expect(await publicPhotos()).toEqual([]);
    const mine = (await h().as(r, { method: 'GET', url: `/api/v1/council/issues/${id}` })).json();
    expect(mine.photos).toEqual([photoId]);
    expect(mine.photoConsent).toEqual({ given: false, at: null, channel: null, withdrawnReason: null });
    expect((await h().as(n, { method: 'GET', url: `/api/v1/council/issues/${id}` })).json().photoConsent).toBeNull();

    // only the raiser may give it: a neighbour and staff (for themselves) 403, another compound 404, nobody 401
    expect((await consent(n, id, true)).statusCode).toBe(403);
    expect((await consent(sec, id, true)).statusCode).toBe(403);
    expect((await consent(await h().login(OUTSIDER), id, true)).statusCode).toBe(404);
    expect((await consent(null, id, true)).statusCode).toBe(401);
    expect((await h().as(r, { method: 'POST', url: `/api/v1/council/issues/${id}/photo-consent`, payload: {} })).statusCode).toBe(
      400,
    );
    expect(await get(null, publicUrl)).toBe(404);

    // the raiser consents on the issue page: public, recorded and audited
    expect((await consent(r, id, true)).statusCode).toBe(200);
    expect(await get(null, publicUrl)).toBe(200);
    expect(await publicPhotos()).toEqual([photoId]);
    const given = (await h().as(r, { method: 'GET', url: `/api/v1/council/issues/${id}` })).json().photoConsent;
    expect(given).toMatchObject({ given: true, channel: null, withdrawnReason: null });
    expect(Date.parse(given.at)).not.toBeNaN();
    const [entry] = await auditOf(h(), id, 'council.issue.photo_consent_given');
    expect(entry).toMatchObject({ actor_account_id: r.accountId, on_behalf_of: null, channel: null });

    // staff cannot publish, but may withdraw with a reason: a neighbour 403, another compound's volunteer 404
    expect((await withdraw(n, id, '有人脸')).statusCode).toBe(403);
    expect((await withdraw(await h().login(OTHER_VOLUNTEER), id, '有人脸')).statusCode).toBe(404);
    expect((await withdraw(sec, id, '')).statusCode).toBe(400);
    expect(await get(null, publicUrl)).toBe(200);
    expect((await withdraw(sec, id, '照片中有邻居的面部')).statusCode).toBe(200);
    expect(await get(null, publicUrl)).toBe(404);
    expect(await publicPhotos()).toEqual([]);
    expect(await get(n, memberUrl)).toBe(200); // members still see them
    const [w] = await auditOf(h(), id, 'council.issue.photos_withdrawn');
    expect(w?.actor_account_id).toBe(sec.accountId);
    expect(JSON.parse(String(w?.details))).toEqual({ reason: '照片中有邻居的面部', wasPublic: true });
    // the raiser sees why, and cannot publish them again over the withdrawal
    const after = (await h().as(r, { method: 'GET', url: `/api/v1/council/issues/${id}` })).json().photoConsent;
    expect(after).toMatchObject({ given: false, withdrawnReason: '照片中有邻居的面部' });
    const again = await consent(r, id, true);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INVALID_TRANSITION');
    expect(await get(null, publicUrl)).toBe(404);
  });

  it('lets the raiser withdraw consent, which takes the photos and media_url down', async () => {
    const r = await h().login(RESIDENT);
    const photoId = await uploadPhoto(h(), r);
    const id = await raise(h(), r, { photoIds: [photoId], photoConsent: true });
    const publicUrl = `/api/v1/public/council/issues/${id}/photos/${photoId}`;
    const mediaUrl = async () =>
      JSON.parse((await h().app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).body)[0].media_url;
    expect(await get(null, publicUrl)).toBe(200);
    expect(await mediaUrl()).toMatch(new RegExp(`${publicUrl}$`));
    const [raised] = await auditOf(h(), id, 'council.issue.raised');
    expect(JSON.parse(String(raised?.details))).toMatchObject({ photos: 1, photoConsent: true });

    expect((await consent(r, id, false)).statusCode).toBe(200);
    expect(await get(null, publicUrl)).toBe(404);
    expect(await mediaUrl()).toBeNull();
    expect(await auditOf(h(), id, 'council.issue.photo_consent_withdrawn')).toHaveLength(1);
    // saying the same again changes nothing and records nothing
    expect((await consent(r, id, false)).statusCode).toBe(200);
    expect(await auditOf(h(), id, 'council.issue.photo_consent_withdrawn')).toHaveLength(1);
    // and consenting again (no staff withdrawal) publishes them again
    expect((await consent(r, id, true)).statusCode).toBe(200);
    expect(await get(null, publicUrl)).toBe(200);
  });

  it('records consent given through staff acting for the raiser, with the channel', async () => {
    const sec = await h().login(SECRETARY);
    const r = await h().login(RESIDENT);
    const photoId = await uploadPhoto(h(), r);
    const id = await raise(h(), r, { photoIds: [photoId] });
    const start = await h().as(sec, {
      method: 'POST',
      url: '/api/v1/auth/acting-for',
      payload: { personId: 'p-19900000041', channel: 'home_visit' },
    });
    expect(start.statusCode, start.body).toBe(200);
    expect((await consent(sec, id, true)).statusCode).toBe(200);
    await h().as(sec, { method: 'DELETE', url: '/api/v1/auth/acting-for' });
    expect(await get(null, `/api/v1/public/council/issues/${id}/photos/${photoId}`)).toBe(200);
    const mine = (await h().as(r, { method: 'GET', url: `/api/v1/council/issues/${id}` })).json();
    expect(mine.photoConsent).toMatchObject({ given: true, channel: 'home_visit' });
    const [entry] = await auditOf(h(), id, 'council.issue.photo_consent_given');
    expect(entry).toMatchObject({ actor_account_id: sec.accountId, on_behalf_of: 'p-19900000041', channel: 'home_visit' });
  });

  it('gives nothing to the public for a hidden issue, even with consent', async () => {
    const r = await h().login(RESIDENT);
    const sec = await h().login(SECRETARY);
    const photoId = await uploadPhoto(h(), r);
    const id = await raise(h(), r, { photoIds: [photoId], photoConsent: true });
    await h().as(sec, { method: 'POST', url: `/api/v1/council/issues/${id}/hide`, payload: { reason: '涉及隐私' } });
    expect(await get(null, `/api/v1/public/council/issues/${id}/photos/${photoId}`)).toBe(404);
    // the raiser of a hidden issue may still change their consent; a neighbour cannot even see it
    expect((await consent(r, id, false)).statusCode).toBe(200);
    expect((await consent(await h().login(NEIGHBOUR), id, true)).statusCode).toBe(404);
  });
});
