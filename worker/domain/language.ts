// The languages the portal speaks to clients. A plain type so the worker can carry a client's
// language without depending on ui/ (which holds the messages for each of them).
export type Language = "en" | "es";
