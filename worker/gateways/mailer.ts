// The email port: one method, so tests can record what would be sent. Production sends through
// the Cloudflare Email Service binding (`[[send_email]]` in wrangler.toml).

export interface OutgoingEmail {
  from: { name: string; email: string };
  to: string[];
  cc: string[];
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Resolves once the provider accepted the message; throws when it refused it. */
  send(email: OutgoingEmail): Promise<void>;
}

export function emailServiceMailer(binding: SendEmail): Mailer {
  return {
    async send(email) {
      const [first, ...others] = email.to;
      if (!first) throw new Error("an email needs a recipient");
      await binding.send({
        from: email.from,
        to: others.length ? [first, ...others] : first,
        ...(email.cc.length ? { cc: email.cc } : {}),
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        subject: email.subject,
        text: email.text,
        html: email.html,
      });
    },
  };
}
