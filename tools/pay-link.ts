// `npm run pay-link -- 413955 [414120 ...]`: mints a new pay link for each invoice in the local
// portal and prints it. In production, mint through the staff API (POST /staff/api/pay-links),
// which holds the signing keys; see the README.
import type { ParseArgsOptionsConfig } from "node:util";
import { translator } from "../ui/i18n";
import { formatUsDate } from "../worker/domain/dates";
import { payLinkLastDay, payLinkUrl } from "../worker/domain/pay-links";
import { payLinkSettings } from "../worker/env";
import { mintPayLinks } from "../worker/services/pay-links";
import { openDatabase } from "../worker/storage/db";
import { parseCommand, type Command } from "./cli";
import { localOrigin, localStaffEmail, withLocalBindings } from "./local";

const PAY_LINK_COMMAND = {
  usage: `usage: npm run pay-link -- <invoice number> [<invoice number> ...]

Mints a new pay link for each invoice in the local portal and prints it; if any number is
unknown, none is minted.

  <invoice number>  an invoice in the portal, as printed on it (e.g. 413955)
  -h, --help        show this help`,
  options: {},
  positionals: { name: "invoice number", min: 1, max: Number.POSITIVE_INFINITY },
} satisfies Command<ParseArgsOptionsConfig>;

const numbers = parseCommand(PAY_LINK_COMMAND).positionals;

const exitCode = await withLocalBindings(async (env) => {
  const { keyring, daysAfterDue } = payLinkSettings(env);
  const result = await mintPayLinks({ db: openDatabase(env.DB), now: () => Date.now(), keyring, daysAfterDue }, numbers, {
    email: localStaffEmail(env),
    staff: true,
  });
  if (result.outcome === "invalid") {
    const t = translator("en");
    console.error(t("staffMintFailed"));
    for (const [number, problem] of result.errors) console.error(`  ${t(problem === "invoice_unknown" ? "staffMintUnknown" : "staffMintInvalid", { number })}`);
    return 1;
  }
  for (const link of result.links) {
    console.log(`${link.invoiceNumber}  ${payLinkUrl(localOrigin(env), link.code)}  (works through ${formatUsDate(payLinkLastDay(link.expiresAt))})`);
  }
  return 0;
});
process.exit(exitCode);
