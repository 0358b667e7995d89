import { describe, expect, it } from 'vitest';
import { type OrderPlacement, placedOrder } from './orders.tables';

// The promise of placedOrder (orders.tables.ts): a new order row as placed at `at`, with nothing
// happened to it yet — the same shape whichever way the order was placed.

const placement: OrderPlacement = {
  id: 'o1',
  compound_id: 'wuxingaz',
  building_id: 'b1',
  node_path: '/yunlong/yuntian/wuxing/wuxingaz/',
  resident_person_id: 'p1',
  placed_by_account_id: 'a1',
  channel: 'self',
  category: 'shopping',
  description: '买两斤鸡蛋',
  window_start: '2026-12-06T02:00:00.000Z',
  window_end: '2026-12-06T04:00:00.000Z',
  urgency: 'normal',
};
const nothingYet = {
  status: 'placed',
  volunteer_person_id: null,
  dispatched_to_person_id: null,
  dispatched_at: null,
  taken_at: null,
  started_at: null,
  done_at: null,
  minutes: null,
  done_note: null,
  photo_mime: null,
  photo_base64: null,
  confirmed_at: null,
  rating: null,
  rating_comment: null,
  cancelled_at: null,
  cancel_reason: null,
  escalated_at: null,
};

describe('placedOrder', () => {
  it('is the placement, placed at `at`, with nothing happened to it yet and no series', () => {
    expect(placedOrder(placement, '2026-12-06T01:00:00.000Z')).toEqual({
      ...placement,
      ...nothingYet,
      series_id: null,
      series_date: null,
      created_at: '2026-12-06T01:00:00.000Z',
      updated_at: '2026-12-06T01:00:00.000Z',
    });
  });

  it('keeps the series and the date of an order a repeating order placed', () => {
    const row = placedOrder({ ...placement, channel: 'series', series_id: 's1', series_date: '2026-12-07' }, 'T');
    expect([row.series_id, row.series_date, row.channel, row.status]).toEqual(['s1', '2026-12-07', 'series', 'placed']);
  });
});
