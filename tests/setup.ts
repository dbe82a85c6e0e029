// Setup files run outside isolated storage and may run several times: applying migrations is
// idempotent, so it is safe here.
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
