import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  LIANXIN_DATA_DIR: z.string().optional(),
  LIANXIN_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  LIANXIN_WEB_DIST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  SMTP_URL: z.string().optional(),
  /** The Ed25519 key that signs the audit log's checkpoints (`lianxin log keygen`). */
  LIANXIN_LOG_KEY_FILE: z.string().optional(),
  /** Cookies get the Secure flag unless explicitly served over plain HTTP in development. */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  dataDir: string;
  sqliteFile: string;
  demo: 'auto' | 'on' | 'off';
  webDist: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  production: boolean;
  smtpUrl: string | undefined;
  cookieSecure: 'auto' | 'true' | 'false';
  logKeyFile: string;
}

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** Parses the environment once; every other module receives a Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = envSchema.parse(env);
  const dataDir = path.resolve(e.LIANXIN_DATA_DIR ?? path.join(repoRoot, 'data'));
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    redisUrl: e.REDIS_URL || undefined,
    dataDir,
    sqliteFile: path.join(dataDir, 'lianxin.db'),
    demo: e.LIANXIN_DEMO,
    webDist: path.resolve(e.LIANXIN_WEB_DIST ?? path.join(repoRoot, 'apps/web/dist')),
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    smtpUrl: e.SMTP_URL || undefined,
    cookieSecure: e.COOKIE_SECURE,
    logKeyFile: path.resolve(e.LIANXIN_LOG_KEY_FILE ?? path.join(dataDir, 'log-signing-key.pem')),
  };
}
