import { ORDER_CATEGORY_ZH, type OrderCategory } from '@lianxin/shared';
import type { Bus } from '../../lib/bus';
import type { ScheduledJob } from '../../lib/jobs';
import type { NotificationsRepository } from '../notifications/notifications.repository';
import type { OrdersRepository } from './orders.repository';
import type { SeriesService } from './orders.series';
import { compoundOrdersChannel } from './orders.service';

/**
 * Escalation: an order nobody has taken within its compound's limit (default 2 h urgent, 24 h
 * normal) notifies the branch secretary and the community worker, once per order — the
 * conditional `escalated_at is null` update decides, even when two runs overlap.
 */
export function createEscalation(deps: {
  repo: OrdersRepository;
  notifications: Pick<NotificationsRepository, 'notify'>;
  bus: Pick<Bus, 'publish'>;
  clock?: () => Date;
}) {
  const { repo, notifications, bus } = deps;
  const clock = deps.clock ?? (() => new Date());
  return async function escalateOverdue(): Promise<number> {
    const now = clock().getTime();
    const settings = await repo.allSettings();
    let escalated = 0;
    for (const o of await repo.escalationCandidates()) {
      const s = settings.get(o.compound_id) ?? { urgentLimitMinutes: 120, normalLimitMinutes: 1440 };
      const limit = (o.urgency === 'urgent' ? s.urgentLimitMinutes : s.normalLimitMinutes) * 60_000;
      if (now - Date.parse(o.created_at) < limit) continue;
      if (!(await repo.markEscalated(o.id))) continue;
      escalated++;
      const staff = await repo.roleHoldersReaching(o.node_path, ['branch_secretary', 'community_worker']);
      const hoursWaited = Math.floor((now - Date.parse(o.created_at)) / 3_600_000);
      await notifications.notify(
        staff.map((x) => x.person_id),
        {
          kind: 'order.escalated',
          title: `${o.urgency === 'urgent' ? '急单' : '订单'}无人接单已超时：${ORDER_CATEGORY_ZH[o.category as OrderCategory] ?? o.category}`,
          body: `已等待约 ${hoursWaited} 小时，请派单`,
          link: `/orders/${o.id}`,
        },
      );
      await bus.publish(compoundOrdersChannel(o.compound_id), {
        type: 'order',
        orderId: o.id,
        status: 'placed',
        action: 'escalated',
      });
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
