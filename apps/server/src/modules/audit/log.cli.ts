import fs from 'node:fs';
import { checkpointSchema } from '@lianxin/shared';
import type { Config } from '../../config';
import type { AppContext } from '../../context';
import { generateKeyFile } from './log.keys';

interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

/**
 * `lianxin audit verify [--checkpoint FILE]`: read-only; checks the log as it is in the database
 * (it does not sequence pending entries). FILE is a checkpoint as GET /api/v1/log/checkpoint
 * served it, e.g. saved from a printed 公示 or by a witness. Exit 0 verified, 1 broken, 2 bad use.
 */
export async function runAuditVerifyCli(ctx: AppContext, args: string[], io: Io): Promise<number> {
  const file = flag(args, '--checkpoint');
  let saved: ReturnType<typeof checkpointSchema.parse> | undefined;
  if (args.includes('--checkpoint')) {
    if (!file) {
      io.stderr('usage: lianxin audit verify [--checkpoint FILE]\n');
      return 2;
    }
    try {
      saved = checkpointSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (err) {
      io.stderr(`cannot read the checkpoint in ${file}: ${(err as Error).message.split('\n')[0]}\n`);
      return 2;
    }
  }
  const r = await ctx.log.verify(ctx.logSigner().publicKeyRaw, saved);
  if (r.ok) {
    io.stdout(
      `audit log verified: ${r.count} entries in the tree, ${r.checkpoints} signed checkpoints consistent` +
        `${saved ? `, saved checkpoint of size ${saved.treeSize} matches` : ''}; ${r.pending} pending\n`,
    );
    return 0;
  }
  io.stderr(`audit log broken: ${r.reason}\n`);
  return 1;
}

/** `lianxin log keygen [--output FILE]`: makes the checkpoint signing key; prints the public key. */
export async function runLogKeygenCli(config: Config, args: string[], io: Io): Promise<number> {
  const file = flag(args, '--output') ?? config.logKeyFile;
  try {
    const s = generateKeyFile(file);
    io.stdout(`log signing key written to ${file} (keep it private; share it between instances)\n`);
    io.stdout(`key id ${s.keyId}\npublic key (raw, base64) ${s.publicKeyRaw}\n`);
    return 0;
  } catch (err) {
    io.stderr(`${(err as Error).message}\n`);
    return 1;
  }
}
