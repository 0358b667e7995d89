import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../lib/errors';
import type { CouncilRepository } from './council.repository';
import type { MeetingsRepository } from './meetings.repository';

/** RFC 5545 text escaping: backslash, semicolon, comma and newlines. */
export function icsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

function icsTime(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Folds lines longer than 75 octets, as RFC 5545 asks. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const out: string[] = [];
  let cur = '';
  for (const ch of line) {
    if (Buffer.byteLength(cur + ch, 'utf8') > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = ch;
    } else cur += ch;
  }
  out.push(cur);
  return out.join('\r\n ');
}

/** GET /api/v1/public/council/compounds/:id/meetings.ics — the council's meetings as a calendar (title, time, place only). */
export function registerMeetingsFeed(
  app: FastifyInstance,
  s: { council: CouncilRepository; meetings: MeetingsRepository },
): void {
  const params = z.strictObject({ id: z.string().min(1).max(64) });
  app.get(
    '/api/v1/public/council/compounds/:id/meetings.ics',
    { config: { access: 'public' }, schema: { tags: ['council'], params } },
    async (req, reply) => {
      const { id } = params.parse(req.params);
      const compound = await s.council.findNode(id);
      if (compound?.kind !== 'compound') throw notFound('compound');
      const rows = await s.meetings.meetings(compound.id);
      const lines = [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Lianxin//Council meetings//ZH',
        `X-WR-CALNAME:${icsText(`${compound.name}党群议事会`)}`,
        ...rows.flatMap((m) => [
          'BEGIN:VEVENT',
          `UID:council-meeting-${m.id}@lianxin`,
          `DTSTAMP:${icsTime(m.created_at)}`,
          `DTSTART:${icsTime(m.scheduled_at)}`,
          `DTEND:${icsTime(new Date(Date.parse(m.scheduled_at) + 2 * 3600_000).toISOString())}`,
          `SUMMARY:${icsText(m.title)}`,
          ...(m.place ? [`LOCATION:${icsText(m.place)}`] : []),
          `STATUS:${m.status === 'closed' ? 'CONFIRMED' : 'TENTATIVE'}`,
          'END:VEVENT',
        ]),
        'END:VCALENDAR',
      ];
      return reply.type('text/calendar; charset=utf-8').send(`${lines.map(fold).join('\r\n')}\r\n`);
    },
  );
}
