// Spanish (labels in «» in the issues are the firm's own wording).
import { emails } from "./emails";
import { help } from "./help";
import { portal } from "./portal";
import { staff } from "./staff";

export const es = { ...portal, ...help, ...emails, ...staff };
