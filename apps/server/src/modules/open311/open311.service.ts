import { createHash, randomBytes } from 'node:crypto';
import {
  CLOSED_STATUSES,
  COUNCIL_CATEGORIES,
  COUNCIL_CATEGORY_NAMES,
  type CouncilCategory,
  type IssueStatus,
} from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import { imagesOf } from '../../lib/uploads';
import type { AuditRepository } from '../audit/audit.repository';
import type { CouncilRepository, IssueRow } from '../council/council.repository';
import { photosArePublic, publicPhotoPath } from '../council/council.views';
import type { MeetingsRepository } from '../council/meetings.repository';
import type { Open311Repository } from './open311.repository';

/** An Open311 error: the HTTP status is also the error code the specification shows. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

/** A GeoReport token: random, so that it names one request without being guessable. */
function newToken(): string {
  return `lx311t_${randomBytes(18).toString('base64url')}`;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const STATUS_NOTES: Record<IssueStatus, string> = {
  raised: '已受理，待处理 (raised)',
  answered: '已直接答复 (answered)',
  on_agenda: '已列入党群议事会议程 (on_agenda)',
  discussed: '议事会已讨论 (discussed)',
  decided: '议事会已作出决定 (decided)',
  in_progress: '正在落实 (in_progress)',
  resolved: '已办结 (resolved)',
  merged: '已与相同问题合并 (merged)',
};

export interface Open311Deps {
  db: Kysely<DB>;
  repo: Open311Repository;
  council: CouncilRepository;
  meetings: Pick<MeetingsRepository, 'decisionsOfIssue'>;
  audit: Pick<AuditRepository, 'append'>;
}

export interface NewRequest {
  apiKey: string;
  jurisdictionId?: string;
  serviceCode: string;
  lat?: number;
  long?: number;
  addressString?: string;
  addressId?: string;
  description?: string;
  mediaUrl?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  email?: string;
  attributes: Record<string, string>;
}

/** GeoReport v2 over council issues: keys, jurisdictions, services, requests. */
export function createOpen311Service(deps: Open311Deps) {
  const { repo, council } = deps;

  /** A compound by jurisdiction_id, or 404 as the specification's error. */
  async function jurisdiction(id: string) {
    const n = await council.findNode(id);
    if (n?.kind !== 'compound') throw new Open311Error(404, `jurisdiction_id not found: ${id}`);
    return n;
  }

  /** One issue as a GeoReport request: never the reporter's name or phone. */
  async function toRequest(i: IssueRow & { compound_name: string }, extensions: boolean, photoUrl: string | null) {
    const code = i.category as CouncilCategory;
    const decisions = await deps.meetings.decisionsOfIssue(i.id);
    const last = decisions.at(-1);
    const building = i.building_id ? await council.findNode(i.building_id) : undefined;
    const status = i.status as IssueStatus;
    const notes = [STATUS_NOTES[status] ?? i.status, i.answer, last?.text].filter(Boolean).join('；');
    return {
      service_request_id: i.id,
      status: CLOSED_STATUSES.includes(status) ? 'closed' : 'open',
      status_notes: notes,
      service_name: COUNCIL_CATEGORY_NAMES[code]?.zh ?? i.category,
      service_code: i.category,
      description: i.description,
      agency_responsible: `${i.compound_name}党群议事会`,
      service_notice: null,
      requested_datetime: i.created_at,
      updated_datetime: i.updated_at,
      expected_datetime: last ? `${last.deadline}T23:59:59+08:00` : null,
      address: [building?.name, i.location_text, i.compound_name].filter(Boolean).join('，'),
      address_id: i.building_id,
      zipcode: null,
      lat: i.lat,
      long: i.long,
      media_url: photoUrl ?? (i.media_url && /^https?:\/\//.test(i.media_url) ? i.media_url : null),
      ...(extensions
        ? {
            extended_attributes: {
              lianxin_status: i.status,
              title: i.title,
              support_count: i.support_count,
              merged_into: i.merged_into_id,
            },
          }
        : {}),
    };
  }

  return {
    jurisdiction,

    /** A new key for a node: the plain key is returned once, only its hash is kept. */
    async issueKey(nodeId: string, label: string, createdBy: string | null) {
      const key = `lx311_${randomBytes(24).toString('base64url')}`;
      const id = await repo.insertKey({ nodeId, keyHash: hashKey(key), label, createdBy });
      await deps.audit.append({
        actorAccountId: createdBy,
        action: 'open311.key.issued',
        targetType: 'open311_key',
        targetId: id,
        nodeId,
        details: { label },
      });
      return { id, key };
    },

    services() {
      return COUNCIL_CATEGORIES.map((code) => ({
        service_code: code,
        service_name: COUNCIL_CATEGORY_NAMES[code].zh,
        description: `${COUNCIL_CATEGORY_NAMES[code].zh} — ${COUNCIL_CATEGORY_NAMES[code].en}`,
        metadata: true,
        type: 'realtime' as const,
        keywords: `${COUNCIL_CATEGORY_NAMES[code].zh},${COUNCIL_CATEGORY_NAMES[code].en}`,
        group: '党群议事会',
      }));
    },

    async definition(code: string, jurisdictionId: string | undefined) {
      if (!(COUNCIL_CATEGORIES as readonly string[]).includes(code))
        throw new Open311Error(404, `service_code not found: ${code}`);
      const buildings = jurisdictionId ? await council.buildings((await jurisdiction(jurisdictionId)).id) : null;
      return {
        service_code: code,
        attributes: [
          {
            variable: true,
            code: 'title',
            datatype: 'string' as const,
            required: false,
            datatype_description: '不超过80字；不填则取描述的开头',
            order: 1,
            description: '问题标题 Title',
          },
          {
            variable: true,
            code: 'building',
            datatype: buildings ? ('singlevaluelist' as const) : ('string' as const),
            required: false,
            datatype_description: buildings ? null : '楼栋编号（请带 jurisdiction_id 查询可选值）',
            order: 2,
            description: '楼栋 Building',
            ...(buildings ? { values: buildings.map((b) => ({ key: b.id, name: b.name })) } : {}),
          },
        ],
      };
    },

    /** POST requests: checks the key and the jurisdiction, then raises a council issue. */
    async create(r: NewRequest) {
      const key = await repo.findKeyByHash(hashKey(r.apiKey));
      if (!key) throw new Open311Error(403, 'api_key is missing or not valid');
      let compound: { id: string; path: string; name: string };
      if (r.jurisdictionId) {
        const j = await jurisdiction(r.jurisdictionId);
        if (!j.path.startsWith(key.path)) throw new Open311Error(403, 'api_key is not valid for this jurisdiction_id');
        compound = j;
      } else if (key.kind === 'compound') {
        const j = await jurisdiction(key.node_id);
        compound = j;
      } else {
        throw new Open311Error(400, 'jurisdiction_id is required: this key reaches several jurisdictions');
      }
      if (!(COUNCIL_CATEGORIES as readonly string[]).includes(r.serviceCode))
        throw new Open311Error(404, `service_code not found: ${r.serviceCode}`);
      const hasLatLong = r.lat !== undefined && r.long !== undefined;
      if (!hasLatLong && !r.addressString && !r.addressId)
        throw new Open311Error(400, 'a location is required: lat and long, address_string or address_id');
      if ((r.lat !== undefined && (r.lat < -90 || r.lat > 90)) || (r.long !== undefined && (r.long < -180 || r.long > 180))) {
        throw new Open311Error(400, 'lat/long out of range');
      }
      const buildingId = r.addressId ?? r.attributes.building;
      if (buildingId) {
        const b = await council.findNode(buildingId);
        if (!b || b.parent_id !== compound.id) throw new Open311Error(400, `address_id is not a building of ${compound.id}`);
      }
      const description = (r.description ?? '').trim();
      if (!description) throw new Open311Error(400, 'description is required');
      if (description.length > 4000) throw new Open311Error(400, 'description is longer than 4000 characters');
      const title = (r.attributes.title?.trim() || description.slice(0, 20)).slice(0, 80);
      const name = [r.lastName, r.firstName].filter(Boolean).join('').slice(0, 50) || null;
      const contact = (r.phone || r.email || '').slice(0, 100) || null;
      const id = newId();
      const token = newToken();
      const now = nowIso();
      await deps.db.transaction().execute(async (trx) => {
        await council.insertIssue(trx, {
          id,
          compound_id: compound.id,
          building_id: buildingId ?? null,
          plan_x: null,
          plan_y: null,
          zone_id: null,
          title,
          description,
          category: r.serviceCode,
          status: 'raised',
          source: 'open311',
          raised_by_person_id: null,
          raised_by_account_id: null,
          on_behalf_of: null,
          channel: null,
          reporter_name: name,
          reporter_contact: contact,
          location_text: r.addressString?.slice(0, 200) ?? null,
          lat: r.lat ?? null,
          long: r.long ?? null,
          media_url: r.mediaUrl?.slice(0, 500) ?? null,
          open311_key_id: key.id,
          created_at: now,
          updated_at: now,
        });
        await repo.insertToken(trx, token, id);
        await council.addEvent(trx, { issue_id: id, kind: 'raised', actor_role: 'open311_client', note: null, at: now });
        await deps.audit.append(
          {
            actorAccountId: null,
            channel: 'open311',
            action: 'council.issue.raised',
            targetType: 'council_issue',
            targetId: id,
            nodeId: compound.id,
            details: { keyId: key.id },
          },
          trx,
        );
      });
      // A token, not the id: GeoReport v2 answers one or the other ("should not be returned" when
      // the other is). The client resolves it with GET tokens/{token} when it needs the request.
      return { token, service_notice: '已受理，党支部将在议事会前处理', account_id: null };
    },

    /** GET tokens/{token}: the request a token names, or 404 as for a request the public cannot see. */
    async resolveToken(token: string, jurisdictionId: string | undefined) {
      if (jurisdictionId) await jurisdiction(jurisdictionId);
      const row = token.length <= 100 ? await repo.findToken(token) : undefined;
      if (!row || row.hidden || (jurisdictionId && row.compound_id !== jurisdictionId))
        throw new Open311Error(404, `token not found: ${token.slice(0, 100)}`);
      return { service_request_id: row.issue_id, token: row.token };
    },

    /**
     * Issues as GeoReport requests (only ever called for issues the public may see). `base` is the
     * absolute origin for media_url, which points at the issue's first photo when it has one and
     * its raiser consented to showing the photos publicly; without consent there is none.
     */
    async toRequests(rows: Array<IssueRow & { compound_name: string }>, opts: { extensions: boolean; base: string }) {
      const photos = await imagesOf(
        deps.db,
        'council_issue',
        rows.filter(photosArePublic).map((r) => r.id),
      );
      return Promise.all(
        rows.map((r) => {
          const first = photos.get(r.id)?.[0];
          return toRequest(r, opts.extensions, first ? `${opts.base}${publicPhotoPath(r.id, first)}` : null);
        }),
      );
    },
  };
}

export type Open311Service = ReturnType<typeof createOpen311Service>;
