import type { Role } from '@lianxin/shared';
import { describe, expect, it } from 'vitest';
import type { AuthContext } from '../accounts/policy';
import { allowedActions, type OrderRelation, relationTo } from './orders.policy';
import type { OrderStatus } from './orders.tables';

// The order state machine as the caller sees it (issue #21): for every status and relation, the
// exact actions offered. The routes refuse what is not offered (orders.routes.test.ts).

const PATH = '/d/s/c1/';
const order = (status: OrderStatus, over: { dispatched?: string | null; volunteer?: string | null } = {}) => ({
  resident_person_id: 'resident-1',
  volunteer_person_id: over.volunteer ?? null,
  dispatched_to_person_id: over.dispatched ?? null,
  status,
  node_path: PATH,
});
const auth = (personId: string, grants: Array<[Role, string]>): AuthContext => ({
  accountId: `acc-${personId}`,
  personId,
  sessionId: 's',
  csrfToken: 't',
  lang: 'zh-CN',
  largeText: false,
  grants: grants.map(([role, path]) => ({ role, nodeId: path, path })),
  actingFor: null,
});

describe('orders.allowedActions', () => {
  const STATUSES: OrderStatus[] = ['placed', 'taken', 'in_service', 'done', 'confirmed', 'cancelled'];
  const table: Record<string, OrderRelation[]> = {
    resident: ['resident'],
    holder: ['holder'],
    open: ['open'],
    staff: ['staff'],
    nobody: [],
  };
  it('offers exactly these actions in each status to each relation', () => {
    const got = Object.fromEntries(
      Object.entries(table).map(([name, rel]) => [name, STATUSES.map((s) => allowedActions(rel, order(s), 'me').join(','))]),
    );
    expect(got).toEqual({
      //          placed               taken                in_service      done              confirmed  cancelled
      resident: ['cancel,call', 'cancel,call', 'call', 'confirm', '', ''],
      holder: ['', 'start,contact', 'done,contact', 'contact', '', ''],
      open: ['take', '', '', '', '', ''],
      staff: ['dispatch,cancel,contact', 'cancel,contact', 'contact', 'confirm,contact', 'contact', 'contact'],
      nobody: ['', '', '', '', '', ''],
    });
  });
  it('lets only the volunteer it was dispatched to take a dispatched order, and lets them decline it', () => {
    expect(allowedActions(['open'], order('placed', { dispatched: 'other' }), 'me')).toEqual([]);
    expect(allowedActions(['open', 'dispatched'], order('placed', { dispatched: 'me' }), 'me')).toEqual(['take', 'decline']);
    expect(allowedActions(['dispatched'], order('taken', { dispatched: 'me' }), 'me')).toEqual([]);
  });
});

describe('orders.relationTo', () => {
  it('names every relation the caller has, and none outside their subtree', () => {
    const volunteer = auth('vol-1', [['volunteer', PATH]]);
    expect(relationTo(volunteer, 'vol-1', order('placed'))).toEqual(['open']);
    expect(relationTo(volunteer, 'vol-1', order('taken', { volunteer: 'other' }))).toEqual([]);
    expect(relationTo(volunteer, 'vol-1', order('taken', { volunteer: 'vol-1' }))).toEqual(['holder']);
    expect(relationTo(volunteer, 'vol-1', order('placed', { dispatched: 'vol-1' }))).toEqual(['dispatched', 'open']);
    expect(relationTo(volunteer, 'vol-1', order('taken', { dispatched: 'vol-1', volunteer: 'vol-1' }))).toEqual(['holder']);
    const sibling = auth('vol-2', [['volunteer', '/d/s/c10/']]);
    expect(relationTo(sibling, 'vol-2', order('placed'))).toEqual([]);
    const worker = auth('w-1', [['community_worker', '/d/s/']]);
    expect(relationTo(worker, 'w-1', order('done'))).toEqual(['staff']);
    const resident = auth('resident-1', [['resident', PATH]]);
    expect(relationTo(resident, 'resident-1', order('placed'))).toEqual(['resident']);
    // staff acting for the resident: the subject is the resident
    expect(relationTo(worker, 'resident-1', order('placed'))).toEqual(['resident', 'staff']);
  });
});
