import { ORDER_CATEGORY_ZH, type OrderCategory } from '@lianxin/shared';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Bus } from '../../lib/bus';
import type { ScheduledJob } from '../../lib/jobs';
import type { NotificationsRepository } from '../notifications/notifications.repository';
import type { OrdersRepository } from './orders.repository';
import type { SeriesService } from './orders.series';
import { compoundOrdersChannel } from './orders.service';

/**
 * The escalation ladder for an order nobody takes. Step 1 (at placement, in the order service):
 * a push to the volunteers who can take it. Step 2, once the compound's limit has passed
 * (default 2 h urgent, 24 h normal): the branch secretary, by SMS as well. Step 3, after the same
 * limit again: the community worker. Each step is on the order's timeline and happens once per
 * order — the conditional update decides, even when two runs overlap. An urgent order's alerts
 * pass through quiet hours.
 */
export function createEscalation(deps: {
  repo: OrdersRepository;
  notifications: Pick<NotificationsRepository, 'notifyIn'>;
  bus: Pick<Bus, 'publish'>;
  clock?: () => Date;
}) {
  const { repo, notifications, bus } = deps;
  const clock = deps.clock ?? (() => new Date());

  /** Tells the role holders, records the step on the timeline; one transaction. */
  async function step(
    o: { id: string; compound_id: string; urgency: string; created_at: string; category: string; node_path: string },
    role: 'branch_secretary' | 'community_worker',
    mark: (trx: Transaction<DB>) => Promise<boolean>,
  ): Promise<boolean> {
    const now = clock();
    const staff = await repo.roleHoldersReaching(o.node_path, [role]);
    const names = (await Promise.all(staff.map((x) => repo.personName(x.person_id)))).filter(Boolean);
    const waited = Math.floor((now.getTime() - Date.parse(o.created_at)) / 60_000);
    const what = ORDER_CATEGORY_ZH[o.category as OrderCategory] ?? o.category;
    const who = role === 'branch_secretary' ? '支部书记' : '社区工作者';
    const announce = await repo.transaction(async (trx) => {
      if (!(await mark(trx))) return null;
      await repo.insertEvent(
        {
          order_id: o.id,
          action: role === 'branch_secretary' ? 'escalated' : 'escalated_worker',
          from_status: 'placed',
          to_status: 'placed',
          actor_account_id: null,
          actor_person_id: null,
          on_behalf_of: null,
          channel: 'system',
          note: `无人接单 ${waited} 分钟，已通知${who}${names.length ? ` ${names.join('、')}` : '（未设置）'}`,
          at: now.toISOString(),
        },
        trx,
      );
      return notifications.notifyIn(
        trx,
        staff.map((x) => x.person_id),
        {
          kind: 'order.escalated',
          title: `${o.urgency === 'urgent' ? '急单' : '订单'}无人接单已超时：${what}`,
          body: `已等待约 ${waited} 分钟，请派单`,
          link: `/orders/${o.id}`,
          urgent: o.urgency === 'urgent',
          channels: ['sms', 'push', 'wechat', 'email'],
        },
      );
    });
    if (!announce) return false;
    await announce();
    await bus.publish(compoundOrdersChannel(o.compound_id), {
      type: 'order',
      orderId: o.id,
      status: 'placed',
      action: 'escalated',
    });
    return true;
  }

  return async function escalateOverdue(): Promise<number> {
    const now = clock().getTime();
    const at = clock().toISOString();
    const settings = await repo.allSettings();
    const limitOf = (o: { compound_id: string; urgency: string }) => {
      const s = settings.get(o.compound_id) ?? { urgentLimitMinutes: 120, normalLimitMinutes: 1440 };
      return (o.urgency === 'urgent' ? s.urgentLimitMinutes : s.normalLimitMinutes) * 60_000;
    };
    let escalated = 0;
    for (const o of await repo.escalationCandidates()) {
      if (now - Date.parse(o.created_at) < limitOf(o)) continue;
      if (await step(o, 'branch_secretary', (trx) => repo.markEscalated(o.id, trx, at))) escalated++;
    }
    for (const o of await repo.workerEscalationCandidates()) {
      if (!o.escalated_at || now - Date.parse(o.escalated_at) < limitOf(o)) continue;
      if (await step(o, 'community_worker', (trx) => repo.markWorkerEscalated(o.id, at, trx))) escalated++;
    }
    return escalated;
  };
}

/** The orders module's scheduled work (run once per period across all instances by lib/jobs). */
export function orderJobs(deps: { escalate: () => Promise<number>; series: Pick<SeriesService, 'generate'> }): ScheduledJob[] {
  return [
    { name: 'orders.escalate', everyMs: 60_000, run: deps.escalate },
    { name: 'orders.repeat', everyMs: 10 * 60_000, run: () => deps.series.generate() },
  ];
}
