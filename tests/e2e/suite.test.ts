// One server for the whole browser suite, so the order matters: the flows that check the demo
// totals run before the flows that pay part of them, and the help flows after both.
import { afterEach } from "vitest";
import { closeOpenPages } from "./browser";
import "./portal.flows";
import "./links.flows";
import "./experience.flows";
import "./payments.flows";
import "./microdeposits.flows";
import "./staff.flows";
import "./staff-ops.flows";
// After the payments: the development mailbox check reads the emails they caused.
import "./help.flows";
// Last: pays once more and sends a receipt copy, after the flows that count payments and emails.
import "./self-service.flows";

afterEach(closeOpenPages);
