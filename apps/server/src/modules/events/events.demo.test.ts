import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { seedEventsDemo } from './events.demo';

describeEachDialect('events demo data', (h) => {
  it('holds the article’s clubs, the day-care centre and the monthly health check, with sign-ups and attendance', async () => {
    const wan = await h().login('19900000001');
    const groups = (await h().as(wan, { method: 'GET', url: '/api/v1/groups' }))
      .json()
      .groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['篮球俱乐部', '阅读社', '广场舞表演队', '戏曲表演队', '日间照料中心']));
    const week = (await h().as(wan, { method: 'GET', url: '/api/v1/events/week' })).json().occurrences;
    const titles = new Set(week.map((o: { title: string }) => o.title));
    expect([...titles]).toEqual(expect.arrayContaining(['广场舞排练', '戏曲排练', '日间照料中心开放', '日间照料·手工课']));
    expect(
      week.filter((o: { title: string; place: string }) => o.title === '广场舞排练' && o.place === '党建文化广场').length,
    ).toBeGreaterThanOrEqual(6);
    const attended = await h().ctx.db.selectFrom('event_signups').select('id').where('checked_in_at', 'is not', null).execute();
    expect(attended.length).toBeGreaterThan(20);
    const medic = await h().login('19900000006');
    const hc = (await h().as(medic, { method: 'GET', url: '/api/v1/health/events' })).json().events;
    expect(hc).toMatchObject([{ title: '每月免费健康体检', nodeName: '轴承生活小区', rrule: 'FREQ=MONTHLY;BYDAY=2SA' }]);
    const visits = (await h().as(medic, { method: 'GET', url: `/api/v1/health/events/${hc[0].id}/home-visits` })).json().people;
    expect(visits.length).toBeGreaterThan(0);
    const young = await h().login('19900000611');
    expect((await h().as(young, { method: 'GET', url: '/api/v1/groups' })).statusCode).toBe(200);
    expect(await seedEventsDemo(h().ctx)).toEqual({ groups: 0, events: 0 });
  }, 60_000);
});
