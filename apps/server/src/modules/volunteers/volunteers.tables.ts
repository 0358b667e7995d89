/** 党团妇 teams: party members, Youth League members, women's federation members. */
export type Team = '党员' | '团员' | '妇联';

export interface VolunteerProfilesTable {
  person_id: string;
  compound_id: string;
  /** JSON array of skills. */
  skills: string;
  availability: string;
  team: Team | null;
  team_leader: number;
  team_joined_at: string | null;
  status: 'active' | 'left';
  joined_at: string;
  left_at: string | null;
  updated_at: string;
  /** 1 when the volunteer agreed that the resident whose order they hold may see their number. */
  share_phone: number;
}

export interface VolunteersTables {
  volunteer_profiles: VolunteerProfilesTable;
}
