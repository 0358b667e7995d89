import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

/**
 * The TypeScript migrations beside this file, or, in the compiled server (one bundle,
 * apps/server/dist/main.js), the JavaScript ones the build wrote beside the bundle. The names
 * are the same without the extension, so a database migrated by either is up to date for both.
 */
const dir = import.meta.url.endsWith('.js')
  ? path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')
  : path.join(import.meta.dirname, 'migrations');

/** Loads every ISO-dated migration file in db/migrations, sorted by name. */
class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(dir)).filter((f) => /^\d{4}-\d{2}-\d{2}T\d{4}-.+\.[jt]s$/.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const f of files) {
      out[f.replace(/\.[jt]s$/, '')] = (await import(pathToFileURL(path.join(dir, f)).href)) as Migration;
    }
    return out;
  }
}

/** Applies all pending migrations; throws with the failing migration's name. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database by design
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new FolderProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String((error as Error).message ?? error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
