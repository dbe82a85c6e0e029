// English, the reference table: every other language is typed against it, area by area.
import { emails } from "./emails";
import { help } from "./help";
import { portal } from "./portal";
import { staff } from "./staff";

export const en = { ...portal, ...help, ...emails, ...staff };
