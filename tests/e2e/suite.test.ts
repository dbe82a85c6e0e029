// One server for the whole browser suite, so the order matters: the flows that check the demo
// totals run before the flows that pay part of them.
import "./portal.flows";
import "./links.flows";
import "./payments.flows";
import "./staff.flows";
