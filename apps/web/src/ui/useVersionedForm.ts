import { useState } from 'react';

/**
 * A form over a versioned record (ADR 0002). It remembers the version its fields were read at
 * (`expectedVersion`, sent with each save) and follows the record while the user has not touched
 * it; once touched it keeps the user's entries until they save (`saved`) or ask for the latest
 * version after a conflict (`loadLatest`, then reload the record).
 */
export function useVersionedForm<R extends { version: number }, F>(record: R, read: (r: R) => F) {
  const [base, setBase] = useState(() => ({ version: record.version, fields: read(record) }));
  const [fields, setFields] = useState<F>(base.fields);
  const [following, setFollowing] = useState(false);
  const dirty = JSON.stringify(fields) !== JSON.stringify(base.fields);
  if (record.version !== base.version && (following || !dirty)) {
    const next = { version: record.version, fields: read(record) };
    setBase(next);
    setFields(next.fields);
    setFollowing(false);
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
