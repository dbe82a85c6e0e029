// Client IP addresses as keys. One address is not one client on IPv6: a home or an office gets a
// whole /64, so limits and lockouts key IPv6 by its /64 (IPv4 by the address). Records shown to
// staff keep less: the /24 or the /48, never the address.

/** IPv4 as four octets, or IPv6 as eight 16-bit groups (an IPv4-mapped IPv6 counts as IPv4). */
type ParsedIp = { v4: number[] } | { v6: number[] };

export function parseIp(ip: string | undefined | null): ParsedIp | null {
  const value = (ip ?? "").trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(mapped ? mapped[1]! : value);
  if (octets) {
    const parts = octets.slice(1, 5).map(Number);
    return parts.some((part) => part > 255) ? null : { v4: parts };
  }
  const groups = expandIpv6(value);
  return groups ? { v6: groups } : null;
}

function expandIpv6(value: string): number[] | null {
  if (!value.includes(":")) return null;
  const halves = value.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if ([...head, ...tail].some((part) => !/^[0-9a-fA-F]{1,4}$/.test(part))) return null;
  const zeros = 8 - head.length - tail.length;
  if (halves.length === 1 ? zeros !== 0 : zeros < 1) return null;
  return [...head, ...Array<string>(zeros).fill("0"), ...tail].map((group) => parseInt(group, 16));
}

function network(ip: string | undefined | null, v4Octets: number, v6Groups: number): string {
  const parsed = parseIp(ip);
  if (!parsed) return "unknown";
  if ("v4" in parsed) {
    const kept = parsed.v4.map((octet, i) => (i < v4Octets ? octet : 0)).join(".");
    return v4Octets === 4 ? kept : `${kept}/${v4Octets * 8}`;
  }
  return `${parsed.v6
    .slice(0, v6Groups)
    .map((g) => g.toString(16))
    .join(":")}::/${v6Groups * 16}`;
}

/** The key for rate limits and lockouts: the IPv4 address, or the IPv6 /64. */
export function ipKey(ip: string | undefined | null): string {
  return network(ip, 4, 4);
}

/** What a record keeps of an address: the /24 for IPv4, the /48 for IPv6. */
export function ipPrefix(ip: string | undefined | null): string {
  return network(ip, 3, 3);
}
