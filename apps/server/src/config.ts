import path from 'node:path';
import { z } from 'zod';
import type { AliyunSmsConfig } from './modules/accounts/sms-aliyun';
import type { WechatConfig } from './modules/notifications/wechat';

/** The WeChat service account, when configured; refuses to start on half a configuration. */
function wechatConfig(e: z.infer<typeof envSchema>): WechatConfig | undefined {
  const needed = ['WECHAT_APPID', 'WECHAT_SECRET', 'WECHAT_TEMPLATE_ID', 'WECHAT_APP_URL'] as const;
  const given = needed.filter((k) => e[k]);
  if (!given.length) return undefined;
  const missing = needed.filter((k) => !e[k]);
  if (missing.length) throw new Error(`WeChat messages need ${missing.join(', ')} as well`);
  const [title, body, time] = e.WECHAT_TEMPLATE_KEYS.split(',').map((k) => k.trim());
  if (!title || !body || !time) throw new Error('WECHAT_TEMPLATE_KEYS must name three fields, e.g. thing1,thing2,time3');
  return {
    appId: e.WECHAT_APPID as string,
    secret: e.WECHAT_SECRET as string,
    templateId: e.WECHAT_TEMPLATE_ID as string,
    keys: { title, body, time },
    appUrl: (e.WECHAT_APP_URL as string).replace(/\/+$/, ''),
    apiBase: e.WECHAT_API_BASE.replace(/\/+$/, ''),
    openBase: e.WECHAT_OPEN_BASE.replace(/\/+$/, ''),
  };
}

/** The Alibaba Cloud SMS settings, when configured; refuses to start on half a configuration. */
function smsConfig(e: z.infer<typeof envSchema>): AliyunSmsConfig | undefined {
  const wanted = e.SMS_PROVIDER === 'aliyun' || (e.SMS_PROVIDER === 'auto' && !!e.ALIYUN_SMS_ACCESS_KEY_ID);
  if (!wanted) return undefined;
  const missing = [
    'ALIYUN_SMS_ACCESS_KEY_ID',
    'ALIYUN_SMS_ACCESS_KEY_SECRET',
    'ALIYUN_SMS_SIGN_NAME',
    'ALIYUN_SMS_TEMPLATES',
  ].filter((k) => !e[k as keyof typeof e]);
  if (missing.length) throw new Error(`SMS_PROVIDER=aliyun needs ${missing.join(', ')}`);
  let templates: Record<string, string>;
  try {
    templates = z.record(z.string(), z.string()).parse(JSON.parse(e.ALIYUN_SMS_TEMPLATES as string));
  } catch {
    throw new Error('ALIYUN_SMS_TEMPLATES must be a JSON object of template codes, e.g. {"login_code":"SMS_123"}');
  }
  return {
    accessKeyId: e.ALIYUN_SMS_ACCESS_KEY_ID as string,
    accessKeySecret: e.ALIYUN_SMS_ACCESS_KEY_SECRET as string,
    signName: e.ALIYUN_SMS_SIGN_NAME as string,
    templates,
    endpoint: e.ALIYUN_SMS_ENDPOINT,
  };
}

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
  /** Web Push (VAPID, RFC 8292): make a pair with `npx lianxin push keygen`. */
  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  VAPID_SUBJECT: z.string().optional(),
  /** A ticket is accepted at the door from this many minutes before its occurrence starts until as many after it ends. */
  LIANXIN_CHECKIN_GRACE_MINUTES: z.coerce.number().int().min(0).max(10080).default(60),
  /** The Ed25519 key that signs the audit log's checkpoints (`lianxin log keygen`). */
  LIANXIN_LOG_KEY_FILE: z.string().optional(),
  /** Cookies get the Secure flag unless explicitly served over plain HTTP in development. */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /**
   * The reverse proxies whose X-Forwarded-For is believed: comma-separated addresses, CIDR ranges
   * or proxy-addr's names (loopback, linklocal, uniquelocal). Empty: no proxy is trusted and the
   * client address is the socket's, so a client cannot choose its own address by sending the header.
   */
  TRUST_PROXY: z.string().default(''),
  /** `aliyun` sends through Alibaba Cloud SMS; `console` prints (development); `auto`: aliyun when its key is set. */
  SMS_PROVIDER: z.enum(['auto', 'console', 'aliyun']).default('auto'),
  ALIYUN_SMS_ACCESS_KEY_ID: z.string().optional(),
  ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().optional(),
  ALIYUN_SMS_SIGN_NAME: z.string().optional(),
  /** JSON: logical template → approved template code, e.g. {"login_code":"SMS_123","notice":"SMS_456"}. */
  ALIYUN_SMS_TEMPLATES: z.string().optional(),
  ALIYUN_SMS_ENDPOINT: z.string().default('https://dysmsapi.aliyuncs.com'),
  /** The WeChat service account (服务号) that sends template messages; off without them. */
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_TEMPLATE_ID: z.string().optional(),
  /** The template's fields for the title, the body and the time, in that order. */
  WECHAT_TEMPLATE_KEYS: z.string().default('thing1,thing2,time3'),
  /** The https address residents open the app at (the account's 网页授权域名). */
  WECHAT_APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  WECHAT_API_BASE: z.string().default('https://api.weixin.qq.com'),
  WECHAT_OPEN_BASE: z.string().default('https://open.weixin.qq.com'),
  /**
   * The secret path segment of the SMS reply (上行短信) address configured in the Aliyun console:
   * Aliyun's HTTP batch push carries no signature, so the unguessable address is what
   * authenticates it. At least 32 characters; unset: replies are not taken.
   */
  ALIYUN_SMS_INBOUND_TOKEN: z.string().min(32).optional(),
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
  /** Web Push keys; push is off without them. */
  vapid: { publicKey: string; privateKey: string; subject: string } | undefined;
  checkinGraceMinutes: number;
  cookieSecure: 'auto' | 'true' | 'false';
  /** Addresses or ranges of trusted proxies (empty: trust none). */
  trustProxy: string[];
  /** The SMS gateway, or undefined: the console provider (development only; start-up says so loudly). */
  sms: AliyunSmsConfig | undefined;
  /** The WeChat service account, or undefined: no WeChat channel. */
  wechat: WechatConfig | undefined;
  /** The secret of the SMS reply address (undefined: SMS replies are not taken). */
  smsInboundToken: string | undefined;
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
    vapid:
      e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
        ? {
            publicKey: e.VAPID_PUBLIC_KEY,
            privateKey: e.VAPID_PRIVATE_KEY,
            subject: e.VAPID_SUBJECT || 'mailto:admin@lianxin.local',
          }
        : undefined,
    checkinGraceMinutes: e.LIANXIN_CHECKIN_GRACE_MINUTES,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY.split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '' && a !== 'false'),
    sms: smsConfig(e),
    wechat: wechatConfig(e),
    smsInboundToken: e.ALIYUN_SMS_INBOUND_TOKEN || undefined,
    logKeyFile: path.resolve(e.LIANXIN_LOG_KEY_FILE ?? path.join(dataDir, 'log-signing-key.pem')),
  };
}
