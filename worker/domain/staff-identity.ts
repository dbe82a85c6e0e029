// Who a staff member is and how staff sign-in is configured: plain data, read both by the
// configuration check (env.ts) and by the sign-in middleware (http/staff-auth.ts).

export interface StaffIdentity {
  email: string;
  /** "access" in production; "development" only for local runs. */
  via: "access" | "development";
}

export type StaffAuthConfig = { mode: "access"; teamDomain: string; audience: string } | { mode: "development"; email: string } | { mode: "unconfigured" };

/** Reads the staff-auth settings; a development identity next to Access settings is an error. */
export function staffAuthConfig(env: { ACCESS_TEAM_DOMAIN?: string; ACCESS_AUD?: string; STAFF_DEV_EMAIL?: string }): StaffAuthConfig {
  const teamDomain = (env.ACCESS_TEAM_DOMAIN ?? "").trim();
  const audience = (env.ACCESS_AUD ?? "").trim();
  const devEmail = (env.STAFF_DEV_EMAIL ?? "").trim();
  if ((teamDomain || audience) && devEmail) {
    throw new Error("STAFF_DEV_EMAIL cannot be set together with ACCESS_TEAM_DOMAIN/ACCESS_AUD: remove the development identity");
  }
  if (teamDomain && audience) return { mode: "access", teamDomain, audience };
  if (devEmail) return { mode: "development", email: devEmail };
  return { mode: "unconfigured" };
}

export const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
