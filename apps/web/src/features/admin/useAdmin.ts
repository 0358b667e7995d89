import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';

export interface AdminNode {
  id: string;
  name: string;
  kind: string;
  depth: number;
  roles: string[];
}

export interface GrantRow {
  id: string;
  role: string;
  nodeId: string;
  nodeName: string;
  personName: string;
  phone: string | null;
  canProxy: boolean;
  createdAt: string;
  revocable: boolean;
}

export interface InvitationRow {
  id: string;
  role: string;
  nodeId: string;
  nodeName: string;
  canProxy: boolean;
  note: string | null;
  createdAt: string;
  expiresAt: string;
  status: 'open' | 'redeemed' | 'revoked' | 'expired';
}

/** Loads the nodes the caller manages, the grants and the invitations there. */
export function useAdmin(nodeId: string) {
  const [nodes, setNodes] = useState<AdminNode[] | null>(null);
  const [grants, setGrants] = useState<GrantRow[]>([]);
  const [invitations, setInvitations] = useState<InvitationRow[]>([]);
  const [error, setError] = useState<unknown>();

  const reload = useCallback(async () => {
    try {
      const n = await api<{ items: AdminNode[] }>('/api/v1/admin/nodes');
      setNodes(n.items);
      const q = nodeId ? `?nodeId=${encodeURIComponent(nodeId)}` : '';
      const [g, i] = await Promise.all([
        api<{ items: GrantRow[] }>(`/api/v1/admin/grants${q}`),
        api<{ items: InvitationRow[] }>('/api/v1/admin/invitations'),
      ]);
      setGrants(g.items);
      setInvitations(i.items);
    } catch (err) {
      setError(err);
    }
  }, [nodeId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { nodes, grants, invitations, error, reload };
}
