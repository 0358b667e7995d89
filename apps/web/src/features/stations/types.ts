export interface Station {
  id: string;
  compoundId: string;
  type: string;
  typeName: { zh: string; en: string };
  name: string;
  place: string;
  hours: string;
  services: string[];
  contacts: Array<{ name: string; phone: string }>;
}
export interface Slot {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  left: number;
  mine: boolean;
}
export interface StationDetail extends Station {
  compoundName: string;
  slots: Slot[];
  canManage: boolean;
  canEdit: boolean;
}
