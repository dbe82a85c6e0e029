// Email addresses as the portal accepts them: one mailbox, no display name, no comments, no
// characters that could end a header line. Used for receipts, help requests and configuration.
// Control characters (C0 such as NUL, DEL, C1 such as NEL) and format characters (bidi
// overrides, zero-width) are refused: some mail systems treat them as line ends or hide them.

const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"\p{Cc}\p{Cf}]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/u;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL_PATTERN.test(value);
}
