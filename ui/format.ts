// The domain's formats for what pages, emails and routes show: money.ts and fees.ts stay the one
// place that formats cents and rates.
export { centsToPlain, formatCents } from "../worker/domain/money";
export { formatRate } from "../worker/domain/fees";
