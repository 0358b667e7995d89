import { useState } from 'react';
import { api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';

export interface Found {
  id: string;
  name: string;
  address: string;
  tags: string[];
}

/** The 党团妇 teams a volunteer may join. */
export const TEAMS = ['党员', '团员', '妇联'] as const;

/**
 * Find a resident of one compound by name or door number, then pick one of the results.
 * A failed search goes to `onError`, so the form shows it with its own errors.
 */
export function PersonSearch({
  compoundId,
  findLabel,
  searchLabel,
  pickLabel,
  pickId,
  name,
  value,
  onChange,
  describe,
  onError,
}: {
  compoundId: string;
  findLabel: string;
  searchLabel: string;
  pickLabel: string;
  pickId: string;
  /** The field of the request body the picked person goes to, so a validation error marks it. */
  name: string;
  value: string;
  onChange: (id: string) => void;
  describe: (p: Found) => string;
  onError: (err: unknown) => void;
}) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found[]>([]);
  async function search() {
    onError(null);
    try {
      const r = await api<{ results: Found[] }>(
        `/api/v1/registry/search?q=${encodeURIComponent(q.trim())}&nodeId=${encodeURIComponent(compoundId)}`,
      );
      setFound(r.results);
    } catch (err) {
      onError(err);
    }
  }
  return (
    <>
      <Field data-unsent="" label={findLabel} value={q} onChange={(e) => setQ(e.target.value)} />
      <button type="button" className="btn btn-secondary" onClick={search} disabled={!q.trim()}>
        {searchLabel}
      </button>
      {found.length > 0 && (
        <SelectField
          id={pickId}
          name={name}
          label={pickLabel}
          value={value}
          onChange={onChange}
          blank=""
          required
          options={found.map((p) => ({ value: p.id, label: describe(p) }))}
        />
      )}
    </>
  );
}
