import nodemailer from 'nodemailer';

/** What the notifications module needs from a mail transport (a fake in tests is one function). */
export interface Mailer {
  send(msg: { to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer, from SMTP_URL (smtp://user:pass@host:port). */
export function createSmtpMailer(url: string, from = '连心桥 <noreply@lianxin.local>'): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(msg) {
      await transport.sendMail({ from, to: msg.to, subject: msg.subject, text: msg.text });
    },
    close() {
      transport.close();
    },
  };
}
