import { useState } from 'react';

/** Versions this tab wrote itself, per record key: its own writes never conflict with its forms. */
const ownWrites = new Map<string, Set<number>>();

/** A save from this tab answered `version` for the record `key` (e.g. `zone:<id>`). */
export function markOwnWrite(key: string, version: number): void {
  const set = ownWrites.get(key) ?? new Set<number>();
  set.add(version);
  ownWrites.set(key, set);
}

/** True when every version after `from` up to `to` was written by this tab. */
function onlyOwnWrites(key: string, from: number, to: number): boolean {
  const set = ownWrites.get(key);
  if (!set || to <= from) return false;
  for (let v = from + 1; v <= to; v++) if (!set.has(v)) return false;
  return true;
}

/**
 * A form over a versioned record (ADR 0002). It remembers the version its fields were read at
 * (`expectedVersion`, sent with each save) and follows the record while the user has not touched
 * it; once touched it keeps the user's entries until they save (`saved`) or ask for the latest
 * version after a conflict (`loadLatest`, then reload the record).
 */
export function useVersionedForm<R extends { version: number }, F>(record: R, read: (r: R) => F, key?: string) {
  const [base, setBase] = useState(() => ({ version: record.version, fields: read(record) }));
  const [fields, setFields] = useState<F>(base.fields);
  const [following, setFollowing] = useState(false);
  const dirty = JSON.stringify(fields) !== JSON.stringify(base.fields);
  if (record.version !== base.version && (following || !dirty)) {
    const next = { version: record.version, fields: read(record) };
    setBase(next);
    setFields(next.fields);
    setFollowing(false);
  } else if (record.version !== base.version && key && onlyOwnWrites(key, base.version, record.version)) {
    // Only this tab changed the record since (e.g. it reshaped the zone): the entries still stand.
    setBase({ version: record.version, fields: base.fields });
  }
  return {
    fields,
    setFields,
    /** The fields as last read or saved: what a diff is taken against. */
    base: base.fields,
    expectedVersion: base.version,
    dirty,
    /** After a save answered `version`: these entries are now the record. */
    saved(version: number, values: F = fields) {
      if (key) markOwnWrite(key, version);
      setBase({ version, fields: values });
      setFields(values);
    },
    /** The user's own write of other fields raised the version: these entries still stand against it. */
    rebase(version: number) {
      setBase((b) => ({ version, fields: b.fields }));
    },
    /** The user asked for the latest version: the next record read replaces the entries. */
    loadLatest() {
      setFollowing(true);
    },
  };
}
