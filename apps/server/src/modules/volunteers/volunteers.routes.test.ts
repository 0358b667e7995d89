import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { DEMO, makeVolunteers } from './test-helpers';

describeEachDialect('volunteers: profiles and teams', (h) => {
  let secretary: Session;

  it('gives the ~100 volunteers of wuxingaz profiles in the 党团妇 teams, 黄园 leading the party team', async () => {
    secretary = await h().login(DEMO.secretary);
    const res = await h().as(secretary, { url: '/api/v1/compounds/wuxingaz/volunteers' });
    expect(res.statusCode).toBe(200);
    const list = res.json().volunteers as Array<{ name: string; team: string | null; teamLeader: boolean; phone: string | null }>;
    expect(list.length).toBeGreaterThanOrEqual(95);
    expect(list.every((v) => v.phone === null || v.phone.includes('****'))).toBe(true);
    const huang = list.find((v) => v.name === '黄园');
    expect(huang).toMatchObject({ team: '党员', teamLeader: true });
    const teams = (await h().as(secretary, { url: '/api/v1/compounds/wuxingaz/teams' })).json().teams as Array<{
      team: string;
      members: number;
      leaders: string[];
    }>;
    expect(teams.map((t) => t.team)).toEqual(['党员', '团员', '妇联']);
    for (const t of teams) {
      expect(t.members).toBeGreaterThan(0);
      expect(t.leaders).toHaveLength(1);
    }
  });

  it('lets a volunteer keep their own skills and availability; text stays text', async () => {
    const huang = await h().login(DEMO.huang);
    const res = await h().as(huang, {
      method: 'PUT',
      url: '/api/v1/volunteers/me',
      payload: { skills: ['<script>x</script>', '陪诊'], availability: '周末' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ skills: ['<script>x</script>', '陪诊'], availability: '周末', team: '党员' });
    const bad = await h().as(huang, {
      method: 'PUT',
      url: '/api/v1/volunteers/me',
      payload: { skills: '陪诊', availability: 1 },
    });
    expect(bad.statusCode).toBe(400);
    const extra = await h().as(huang, {
      method: 'PUT',
      url: '/api/v1/volunteers/me',
      payload: { skills: [], availability: '', team: '党员' },
    });
    expect(extra.statusCode).toBe(400);
    const resident = await h().login(DEMO.resident);
    expect(
      (await h().as(resident, { method: 'PUT', url: '/api/v1/volunteers/me', payload: { skills: [], availability: '' } }))
        .statusCode,
    ).toBe(403);
  });

  it('moves a volunteer into a team, makes them leader, and out again (leadership does not follow)', async () => {
    const [v] = await makeVolunteers(h(), 1);
    const me = (await h().as(v ?? null, { url: '/api/v1/volunteers/me' })).json().profile;
    const url = `/api/v1/volunteers/${me.personId}`;
    expect((await h().as(secretary, { method: 'PATCH', url, payload: { teamLeader: true } })).statusCode).toBe(400);
    const joined = await h().as(secretary, { method: 'PATCH', url, payload: { team: '妇联', teamLeader: true } });
    expect(joined.json()).toMatchObject({ team: '妇联', teamLeader: true });
    const moved = await h().as(secretary, { method: 'PATCH', url, payload: { team: '团员' } });
    expect(moved.json()).toMatchObject({ team: '团员', teamLeader: false });
    const left = await h().as(secretary, { method: 'PATCH', url, payload: { team: null } });
    expect(left.json()).toMatchObject({ team: null, teamLeader: false });
    expect((await h().as(v ?? null, { method: 'PATCH', url, payload: { team: '党员' } })).statusCode).toBe(403);
  });

  it('enrols a resident once, lets them leave once, and hides other compounds (404)', async () => {
    const enrol = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/volunteers',
      payload: { personId: 'p-19900000001', team: '妇联' },
    });
    expect(enrol.statusCode).toBe(201);
    expect(enrol.json()).toMatchObject({ name: '万玉清', team: '妇联', status: 'active' });
    expect(
      (
        await h().as(secretary, {
          method: 'POST',
          url: '/api/v1/compounds/wuxingaz/volunteers',
          payload: { personId: 'p-19900000001' },
        })
      ).statusCode,
    ).toBe(409);
    const leaves = await Promise.all(
      [0, 1].map(() => h().as(secretary, { method: 'POST', url: '/api/v1/volunteers/p-19900000001/leave' })),
    );
    expect(leaves.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const outsider = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/longshengaz/volunteers',
      payload: { personId: 'p-19900000004' },
    });
    expect(outsider.statusCode).toBe(404);
    const notHere = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/volunteers',
      payload: { personId: 'p-19900000004' },
    });
    expect(notHere.statusCode).toBe(400);
    const longsheng = await h().login(DEMO.longshengMember);
    expect(
      (await h().as(longsheng, { method: 'PATCH', url: '/api/v1/volunteers/p-19900000002', payload: { team: null } })).statusCode,
    ).toBe(404);
  });
});
