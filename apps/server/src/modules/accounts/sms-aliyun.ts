import { createHmac, randomUUID } from 'node:crypto';

/** Alibaba Cloud SMS (Dysmsapi 2017-05-25) credentials, sign name, endpoint and template codes. */
export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** Logical template names ("login_code", "notice") → the template codes approved in the console (SMS_123…). */
  templates: Record<string, string>;
  endpoint: string;
  regionId?: string;
}

/** RFC 3986 percent-encoding as Alibaba Cloud's RPC signature requires: only A-Z a-z 0-9 - _ . ~ stay. */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The RPC-style signature (SignatureVersion 1.0, HMAC-SHA1) as Alibaba Cloud documents it: the
 * parameters sorted by name, percent-encoded as `k=v` joined by `&`; the string to sign is
 * `GET&%2F&` + percentEncode(that); the key is the AccessKey secret followed by `&`.
 */
export function aliyunSignature(params: Record<string, string>, secret: string, method = 'GET'): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] as string)}`)
    .join('&');
  const toSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
}

export interface GatewayResult {
  ok: boolean;
  /** The gateway's id of the message (BizId) when accepted. */
  id?: string;
  /** The gateway's code and message when refused, or the network error. */
  error?: string;
}

/**
 * Sends one templated message through Dysmsapi SendSms, signing the request itself (the vendor's
 * SDK pulls in a large dependency tree for one signed GET). Never throws: the outbox records the result.
 */
export async function sendAliyunSms(
  cfg: AliyunSmsConfig,
  phone: string,
  template: string,
  params: Record<string, string>,
  now: Date = new Date(),
  fetchImpl: typeof fetch = fetch,
): Promise<GatewayResult> {
  const code = cfg.templates[template];
  if (!code) return { ok: false, error: `no template code configured for "${template}"` };
  const q: Record<string, string> = {
    AccessKeyId: cfg.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: phone,
    RegionId: cfg.regionId ?? 'cn-hangzhou',
    SignName: cfg.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID(),
    SignatureVersion: '1.0',
    TemplateCode: code,
    TemplateParam: JSON.stringify(params),
    Timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
  };
  const signature = aliyunSignature(q, cfg.accessKeySecret);
  const query = Object.keys(q)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(q[k] as string)}`)
    .join('&');
  try {
    const res = await fetchImpl(`${cfg.endpoint.replace(/\/$/, '')}/?Signature=${percentEncode(signature)}&${query}`, {
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => ({}))) as { Code?: string; Message?: string; BizId?: string };
    if (res.ok && body.Code === 'OK') return { ok: true, id: body.BizId };
    return { ok: false, error: `${body.Code ?? res.status}: ${body.Message ?? ''}`.slice(0, 300) };
  } catch (err) {
    return { ok: false, error: `network: ${(err as Error).message}`.slice(0, 300) };
  }
}
