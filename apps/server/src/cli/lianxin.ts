import fs from 'node:fs';
import { loadConfig } from '../config';
import { createContext } from '../context';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { runSeedScaleCli } from '../modules/dashboard/seed-scale.cli';
import { seedDemo } from '../modules/demo/seed-demo';
import { runExportCli, runImportCli } from '../modules/registry/import.cli';

const USAGE = `usage: lianxin <command>
  admin create --name NAME --phone PHONE --node NODE [--role ROLE]   the first administrator; one-time password on the last line
  import-tree FILE [--dry-run]            import the organisation tree (CSV/XLSX: 区, 街道, 社区, 小区, 楼栋)
  migrate                 apply pending migrations
  seed-demo               load the article's demo data
  seed-scale --compounds N [--orders N --people N --households N --hours N --months N]   generate a city, rebuild the dashboard
  tally --input FILE      count an owners' vote (JSON in, JSON out)
  push keygen             print a new VAPID key pair for Web Push (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY)
  audit verify [--checkpoint FILE]   check every leaf, the tree and every signed checkpoint (and a
                          checkpoint saved earlier); exit 1 naming what is wrong
  log keygen [--output FILE]   make the Ed25519 key that signs the log's checkpoints
  open311 key --node N    issue an Open311 API key for a node (id or exact name); key on the last line
  backup --output FILE    online backup (SQLite backup API; pg_dump for PostgreSQL)
  restore --input FILE    restore a backup (stop the server first on SQLite)
  import FILE --compound ID [--dry-run]   import households (CSV/XLSX); rows in error listed
  export --compound ID --output FILE      export households (CSV/XLSX, by extension)`;

type Command = (args: string[]) => Promise<number>;

const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };

/** The value after `--name` or in `--name=value`. */
function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

async function withContext<T>(fn: (ctx: ReturnType<typeof createContext>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    await migrateToLatest(database.db);
    return await fn(createContext(config, database));
  } finally {
    await database.close();
  }
}

const commands: Record<string, Command> = {
  admin: (args) =>
    withContext(async (ctx) => {
      const { runAdminCli } = await import('../modules/accounts/admin.cli');
      return runAdminCli(ctx, args, io);
    }),
  'import-tree': (args) =>
    withContext(async (ctx) => {
      const { runTreeImportCli } = await import('../modules/registry/tree-import.cli');
      return runTreeImportCli(ctx, args, io);
    }),
  import: (args) => withContext((ctx) => runImportCli(ctx, args)),
  export: (args) => withContext((ctx) => runExportCli(ctx, args)),
  'seed-scale': (args) => withContext((ctx) => runSeedScaleCli(ctx, args)),
  migrate: () =>
    withContext(async (ctx) => {
      const { moveOrderPhotos } = await import('../modules/orders/orders.photos');
      const photos = await moveOrderPhotos(ctx);
      if (photos.moved > 0) process.stdout.write(`order photos moved to uploads: ${photos.moved}\n`);
      if (photos.kept.length > 0) process.stdout.write(`order photos left in place (undecodable): ${photos.kept.join(', ')}\n`);
      process.stdout.write('migrations are up to date\n');
      return 0;
    }),
  'seed-demo': () =>
    withContext(async (ctx) => {
      const s = await seedDemo(ctx);
      process.stdout.write(`${JSON.stringify(s)}\n`);
      return 0;
    }),
  backup: async (args) => {
    const out =
      flag(args, '--output') ??
      `lianxin-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.${loadConfig().databaseUrl ? 'dump' : 'db'}`;
    const { backupDatabase } = await import('../modules/ops/backup');
    return withContext(async (ctx) => {
      const r = await backupDatabase(ctx.database, out);
      process.stdout.write(`backup written: ${r.file} (${r.bytes} bytes)\n`);
      return 0;
    });
  },
  restore: async (args) => {
    const input = flag(args, '--input');
    if (!input) {
      process.stderr.write('usage: lianxin restore --input FILE\n');
      return 2;
    }
    const { restoreDatabase } = await import('../modules/ops/backup');
    const config = loadConfig();
    await restoreDatabase({ sqliteFile: config.databaseUrl ? undefined : config.sqliteFile, url: config.databaseUrl }, input);
    process.stdout.write(`restored from ${input}\n`);
    return 0;
  },
  tally: async (args) => {
    const { runTallyCli } = await import('@lianxin/tally/cli');
    return runTallyCli(args, {
      readFile: (p) => fs.readFileSync(p, 'utf8'),
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
    });
  },
  open311: async (args) =>
    withContext(async (ctx) => {
      const { runOpen311Cli } = await import('../modules/open311/open311.cli');
      return runOpen311Cli(ctx, args, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
    }),
  push: async (args) => {
    if (args[0] !== 'keygen') {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    const { generateVapidKeys } = await import('../modules/notifications/push');
    const k = generateVapidKeys();
    process.stdout.write(
      `# Web Push keys: put these in the server's environment (keep the private key secret)\nVAPID_PUBLIC_KEY=${k.publicKey}\nVAPID_PRIVATE_KEY=${k.privateKey}\nVAPID_SUBJECT=mailto:admin@example.org\n`,
    );
    return 0;
  },
  audit: async (args) => {
    if (args[0] !== 'verify') {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    const { runAuditVerifyCli } = await import('../modules/audit/log.cli');
    return withContext((ctx) => runAuditVerifyCli(ctx, args.slice(1), io));
  },
  log: async (args) => {
    const { runLogKeygenCli } = await import('../modules/audit/log.cli');
    if (args[0] !== 'keygen') {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    return runLogKeygenCli(loadConfig(), args.slice(1), io);
  },
};

/** Runs one administration command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const cmd = name ? commands[name] : undefined;
  if (!cmd) {
    process.stderr.write(`${USAGE}\n`);
    return name ? 2 : 0;
  }
  return cmd(rest);
}
