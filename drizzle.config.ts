import { defineConfig } from "drizzle-kit";

// drizzle-kit only generates SQL here; wrangler applies it (`d1 migrations apply`).
export default defineConfig({
  dialect: "sqlite",
  schema: "./worker/storage/schema.ts",
  out: "./migrations",
});
