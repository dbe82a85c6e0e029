// Email addresses as the portal accepts them: one mailbox, no display name, no comments, no
// characters that could end a header line. Used for receipts, help requests and configuration.
// Control characters (C0 such as NUL, DEL, C1 such as NEL) and format characters (bidi
// overrides, zero-width) are refused: some mail systems treat them as line ends or hide them.

const EMAIL_PATTERN =
  /^[^\s@<>()[\]\\,;:"\p{Cc}\p{Cf}]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/u;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL_PATTERN.test(value);
}

/**
 * An address shown without giving it away (a pay link may be opened by someone else): the first
 * character of the mailbox and of the domain, and the domain's last label. "ap@brickellbay.example"
 * reads "a•••@b•••.example".
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "•••";
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const lastDot = domain.lastIndexOf(".");
  const tld = lastDot > 0 ? domain.slice(lastDot) : "";
  return `${local[0]}•••@${domain[0] ?? ""}•••${tld}`;
}
