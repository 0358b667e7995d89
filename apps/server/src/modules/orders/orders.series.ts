import type { orderSeriesSchema } from '@lianxin/shared';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema';
import { AppError, notFound } from '../../lib/errors';
import { newId, nowIso } from '../../lib/ids';
import { type AuthContext, actorOf, canActFor, reaches } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import { ORDER_STAFF } from './orders.policy';
import type { OrdersRepository } from './orders.repository';
import { type OrderSeriesTable, placedOrder } from './orders.tables';

const DAY = 24 * 3600 * 1000;
const OFFSET = 8 * 3600 * 1000;
/** How far ahead repeating orders are generated (so volunteers see tomorrow's meals today). */
export const GENERATE_AHEAD_DAYS = 7;

/** Beijing date (YYYY-MM-DD) and ISO weekday (Monday = 1) of an instant. */
function beijingDay(t: number): { date: string; weekday: number } {
  const d = new Date(t + OFFSET);
  return { date: d.toISOString().slice(0, 10), weekday: ((d.getUTCDay() + 6) % 7) + 1 };
}

/** "2026-12-01" + "11:00" Beijing → ISO UTC. */
function atBeijing(date: string, hhmm: string): string {
  return new Date(Date.parse(`${date}T${hhmm}:00+08:00`)).toISOString();
}

/** Repeating orders (meals every weekday): the series, and the job that generates them ahead. */
export function createSeriesService(deps: {
  repo: OrdersRepository;
  audit: Pick<AuditRepository, 'append'>;
  clock?: () => Date;
}) {
  const { repo, audit } = deps;
  const clock = deps.clock ?? (() => new Date());

  /**
   * Generates each active series' orders for the coming days. Safe to run twice or on two
   * instances at once: (series_id, series_date) is unique, so a date is generated only once.
   */
  async function generate(): Promise<number> {
    const now = clock().getTime();
    let made = 0;
    for (const s of await repo.activeSeries()) {
      const weekdays = JSON.parse(s.weekdays) as number[];
      let last = s.generated_until;
      for (let i = 0; i <= GENERATE_AHEAD_DAYS; i++) {
        const { date, weekday } = beijingDay(now + i * DAY);
        if (last && date <= last) continue;
        last = date;
        const start = atBeijing(date, s.time_start);
        if (!weekdays.includes(weekday) || Date.parse(start) < now) continue;
        const ts = nowIso(clock);
        const row = placedOrder(
          {
            id: newId(),
            compound_id: s.compound_id,
            building_id: s.building_id,
            node_path: s.node_path,
            resident_person_id: s.resident_person_id,
            placed_by_account_id: s.created_by_account_id,
            channel: 'series',
            category: s.category,
            description: s.description,
            window_start: start,
            window_end: atBeijing(date, s.time_end),
            urgency: s.urgency,
            series_id: s.id,
            series_date: date,
          },
          ts,
        );
        const inserted = await repo.transaction(async (trx) => {
          const ok = await repo.insertSeriesOrder(row, trx);
          if (ok) {
            await repo.insertEvent(
              {
                order_id: row.id,
                action: 'generated',
                from_status: null,
                to_status: 'placed',
                actor_account_id: null,
                actor_person_id: null,
                on_behalf_of: null,
                channel: 'series',
                note: null,
              },
              trx,
            );
          }
          return ok;
        });
        if (inserted) made++;
      }
      if (last && last !== s.generated_until) await repo.setSeriesGenerated(s.id, last);
    }
    return made;
  }

  return {
    generate,

    /** Starts a series; `alsoInTransaction` runs inside its transaction (the idempotent answer is stored there). */
    async create(
      auth: AuthContext,
      input: z.infer<typeof orderSeriesSchema>,
      alsoInTransaction?: (trx: Transaction<DB>, series: OrderSeriesTable) => Promise<void>,
    ) {
      const actor = actorOf(auth);
      let subject = actor.subjectPersonId;
      if (input.forPersonId && input.forPersonId !== subject) {
        const h = await repo.homeOf(input.forPersonId);
        if (!h || !(canActFor(auth, h.personNodePath) || reaches(auth, h.personNodePath, ORDER_STAFF))) throw notFound('person');
        subject = input.forPersonId;
      }
      const home = await repo.homeOf(subject);
      if (!home?.compoundId || !home.nodePath) throw new AppError('ORDER_NO_COMPOUND');
      const row: OrderSeriesTable = {
        id: newId(),
        compound_id: home.compoundId,
        building_id: home.buildingId,
        node_path: home.nodePath,
        resident_person_id: subject,
        created_by_account_id: actor.actorAccountId,
        category: input.category,
        description: input.description ?? '',
        weekdays: JSON.stringify([...new Set(input.weekdays)].sort()),
        time_start: input.timeStart,
        time_end: input.timeEnd,
        urgency: input.urgency,
        active: 1,
        generated_until: null,
        created_at: nowIso(clock),
      };
      await repo.transaction(async (trx) => {
        await repo.insertSeries(row, trx);
        await audit.append(
          {
            actorAccountId: actor.actorAccountId,
            onBehalfOf: actor.onBehalfOf,
            channel: actor.channel,
            action: 'order.series_created',
            targetType: 'order_series',
            targetId: row.id,
            nodeId: row.compound_id,
          },
          trx,
        );
        await alsoInTransaction?.(trx, row);
      });
      await generate();
      return row;
    },

    async stop(auth: AuthContext, id: string) {
      const s = await repo.seriesById(id);
      const actor = actorOf(auth);
      if (!s || !(s.resident_person_id === actor.subjectPersonId || reaches(auth, s.node_path, ORDER_STAFF)))
        throw notFound('series');
      if (!(await repo.stopSeries(id))) throw new AppError('INVALID_TRANSITION');
      await audit.append({
        actorAccountId: actor.actorAccountId,
        action: 'order.series_stopped',
        targetType: 'order_series',
        targetId: id,
        nodeId: s.compound_id,
      });
    },
  };
}

export type SeriesService = ReturnType<typeof createSeriesService>;
