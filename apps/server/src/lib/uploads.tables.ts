/** The shared `uploads` table (see lib/uploads.ts). */
export interface UploadsTable {
  id: string;
  node_id: string;
  account_id: string | null;
  mime: string;
  bytes: number;
  visibility: string;
  owner_type: string | null;
  owner_id: string | null;
  created_at: string;
}

export interface UploadTables {
  uploads: UploadsTable;
}
