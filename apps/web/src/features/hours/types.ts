export interface Entry {
  id: string;
  personId: string;
  name?: string;
  sourceType: 'order' | 'visit' | 'duty' | 'event' | 'manual';
  activity: string;
  servedOn: string;
  place: string;
  minutes: number;
  organiser: string;
  team: string | null;
  reason: string | null;
}

export interface Certificate {
  id: string;
  name: string;
  status: 'requested' | 'issued' | 'rejected';
  periodFrom: string;
  periodTo: string;
  note: string;
  number: string | null;
  minutes: number | null;
  issuer: string | null;
  issuedOn: string | null;
}
