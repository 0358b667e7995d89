import type { AppContext } from '../../context';
import { createCouncilRepository } from '../council/council.repository';
import { createMeetingsRepository } from '../council/meetings.repository';
import { createOpen311Repository } from './open311.repository';
import { createOpen311Service } from './open311.service';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

/**
 * `lianxin open311 key --node <id or exact name> [--label TEXT]`: issues an API key tied to that
 * node and prints it on the last line. Exit 2 on bad usage or when the name is unknown or ambiguous.
 */
export async function runOpen311Cli(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i >= 0) return args[i + 1];
    return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const node = flag('--node');
  if (args[0] !== 'key' || !node) {
    io.stderr('usage: lianxin open311 key --node <node id or exact name> [--label TEXT]\n');
    return 2;
  }
  const repo = createOpen311Repository(ctx.db);
  const found = await repo.findNodeByIdOrName(node);
  const exact = found.filter((n) => n.id === node);
  const matches = exact.length ? exact : found;
  if (matches.length === 0) {
    io.stderr(`no node with id or name "${node}"\n`);
    return 2;
  }
  if (matches.length > 1) {
    io.stderr(`"${node}" names several nodes: ${matches.map((m) => m.id).join(', ')}; use the id\n`);
    return 2;
  }
  const target = matches[0] as (typeof matches)[number];
  const svc = createOpen311Service({
    db: ctx.db,
    repo,
    council: createCouncilRepository(ctx.db),
    meetings: createMeetingsRepository(ctx.db),
    audit: ctx.audit,
  });
  const { id, key } = await svc.issueKey(target.id, flag('--label') ?? 'cli', null);
  io.stdout(`Open311 API key ${id} for ${target.name} (${target.id}); keep it secret, it is shown once:\n${key}\n`);
  return 0;
}
