import { maskPhone } from '@lianxin/shared';

/**
 * What a sender may say beyond the text: a login code, or a template of the gateway with its
 * parameters (China's commercial SMS APIs only send approved templates). Without a template, a
 * code goes as the `login_code` template and other text as the `notice` template's `content`.
 */
export interface SmsMeta {
  code?: string;
  template?: string;
  params?: Record<string, string>;
}

/** Sends text messages. A real gateway plugs in behind this interface. */
export interface SmsProvider {
  readonly name: string;
  send(phone: string, text: string, meta?: SmsMeta): Promise<void>;
}

/**
 * Development provider: prints the message with the phone masked (a log never holds a full
 * phone), so a developer can read a login code from the console.
 */
export function createConsoleSmsProvider(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): SmsProvider {
  return {
    name: 'console',
    async send(phone, text) {
      write(`[sms to ${maskPhone(phone)}] ${text}`);
    },
  };
}

export interface SentSms {
  phone: string;
  text: string;
  code?: string;
  at: string;
}

/** Test provider: keeps the messages in memory so a test can read the code it was sent. */
export function createMemorySmsProvider() {
  const sent: SentSms[] = [];
  return {
    name: 'memory',
    sent,
    async send(phone: string, text: string, meta?: { code?: string }) {
      sent.push({ phone, text, code: meta?.code, at: new Date().toISOString() });
    },
    /** The last code sent to a phone, if any. */
    lastCode(phone: string): string | undefined {
      return [...sent].reverse().find((m) => m.phone === phone)?.code;
    },
  } satisfies SmsProvider & Record<string, unknown>;
}
