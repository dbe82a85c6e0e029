// Bundles the Stripe.js stand-in (ES modules in stripe-js/) into the one classic script the
// emulator serves at /v3/, as js.stripe.com serves Stripe.js. Node only: esbuild.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const ENTRY = fileURLToPath(new URL("./stripe-js/index.js", import.meta.url));

export async function buildStripeJs(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: "iife",
    target: "es2020",
    write: false,
    logLevel: "silent",
    banner: { js: "// Stripe.js stand-in for the local Stripe emulator (test mode only), bundled from stripe-emulator/stripe-js/." },
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("esbuild produced no Stripe.js stand-in");
  return output.text;
}
