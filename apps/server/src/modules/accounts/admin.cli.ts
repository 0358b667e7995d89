import { randomInt } from 'node:crypto';
import { maskPhone, PHONE_RE, ROLES, type Role } from '@lianxin/shared';
import type { AppContext } from '../../context';
import { newId, nowIso } from '../../lib/ids';
import { hashPassword } from './passwords';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A one-time password of 14 characters from a 56-letter alphabet (≈81 bits). */
export function oneTimePassword(): string {
  let s = '';
  for (let i = 0; i < 14; i++) s += ALPHABET[randomInt(0, ALPHABET.length)];
  return s;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

const USAGE =
  'usage: lianxin admin create --name NAME --phone PHONE --node NODE [--role ROLE]\n' +
  '  on an empty database NODE names the district (root) to create; otherwise it is an existing node id or exact name\n';

/**
 * `lianxin admin create`: the first administrator of a fresh deployment (and later ones). On an
 * empty database it creates the root node (district) named NODE; otherwise NODE must be an
 * existing node's id or exact name. The account gets a one-time password, printed on the last
 * line, that must be changed at the first sign-in. Audited with the channel "cli".
 */
export async function runAdminCli(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  const name = flag(args, '--name')?.trim();
  const phone = flag(args, '--phone')?.replace(/[\s-]/g, '');
  const nodeArg = flag(args, '--node')?.trim();
  const role = (flag(args, '--role') ?? 'district_admin') as Role;
  if (args[0] !== 'create' || !name || !phone || !nodeArg) {
    io.stderr(USAGE);
    return 2;
  }
  if (!PHONE_RE.test(phone)) {
    io.stderr(`手机号不对（11 位，1 开头）/ not a mainland mobile number\n`);
    return 2;
  }
  if (!ROLES.includes(role) || role === 'resident') {
    io.stderr(`unknown staff role "${role}"; one of ${ROLES.filter((r) => r !== 'resident').join(', ')}\n`);
    return 2;
  }
  if ([...name].length > 40) {
    io.stderr('姓名太长 / the name is too long\n');
    return 2;
  }
  if (await ctx.accounts.findByPhone(phone)) {
    io.stderr(`这个手机号已有账号 / an account with phone ${maskPhone(phone)} already exists\n`);
    return 2;
  }
  const anyNode = await ctx.db.selectFrom('nodes').select('id').limit(1).executeTakeFirst();
  let node: { id: string; name: string; path: string } | undefined;
  if (anyNode) {
    const found = await ctx.db
      .selectFrom('nodes')
      .select(['id', 'name', 'path'])
      .where((eb) => eb.or([eb('id', '=', nodeArg), eb('name', '=', nodeArg)]))
      .execute();
    const exact = found.filter((n) => n.id === nodeArg);
    const matches = exact.length ? exact : found;
    if (matches.length !== 1) {
      io.stderr(
        matches.length
          ? `"${nodeArg}" 对应多个节点 / names several nodes: ${matches.map((m) => m.id).join(', ')}; use the id\n`
          : `没有这个节点 / no node with id or name "${nodeArg}"\n`,
      );
      return 2;
    }
    node = matches[0];
  }
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  const created = await ctx.db.transaction().execute(async (trx) => {
    const at = nowIso();
    let target = node;
    if (!target) {
      const id = newId();
      target = { id, name: nodeArg, path: `/${id}/` };
      await trx
        .insertInto('nodes')
        .values({ id, parent_id: null, kind: 'district', name: nodeArg, path: target.path, created_at: at })
        .execute();
    }
    const personId = newId();
    await trx
      .insertInto('people')
      .values({
        id: personId,
        node_id: target.id,
        name,
        phone,
        birth_year: null,
        id_number: null,
        created_at: at,
        erased_at: null,
      })
      .execute();
    const accountId = newId();
    await trx
      .insertInto('accounts')
      .values({ id: accountId, person_id: personId, phone, password_hash: hash, created_at: at, must_change_password: 1 })
      .execute();
    await trx
      .insertInto('role_grants')
      .values({
        id: newId(),
        account_id: accountId,
        role,
        node_id: target.id,
        granted_by: null,
        created_at: at,
        revoked_at: null,
      })
      .execute();
    await ctx.audit.append(
      {
        actorAccountId: null,
        channel: 'cli',
        action: 'accounts.admin_created',
        targetType: 'account',
        targetId: accountId,
        nodeId: target.id,
        details: { role, rootCreated: !node },
      },
      trx,
    );
    return { accountId, node: target };
  });
  io.stdout(
    `${node ? '' : `created the root node ${created.node.name} (${created.node.id})\n`}` +
      `${role} ${name} (${created.accountId}) at ${created.node.name}; sign in with the phone and this one-time password, then choose a new one:\n` +
      `${password}\n`,
  );
  return 0;
}
