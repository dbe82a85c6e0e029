// Field definitions and client-side validation (codes and messages follow Stripe Elements).
// Labels and placeholders come from STRINGS by field name; `billing` fields are the billing
// details the Element collects unless told "never".
import { abaChecksum, brandOf, digits, integrationError, luhn } from "./util.js";
import { checkOneOf, isPlainObject } from "./options.js";

export const FIELDS = {
  card: [
    { name: "number", autocomplete: "cc-number", numeric: true, placeholder: "1234 1234 1234 1234", maxLength: 23 },
    { name: "expiry", autocomplete: "cc-exp", numeric: true, placeholder: "expiryPlaceholder", maxLength: 7 },
    { name: "cvc", autocomplete: "cc-csc", numeric: true, placeholder: "123", maxLength: 4 },
  ],
  us_bank_account: [
    { name: "account_holder_name", billing: "name", autocomplete: "name", numeric: false, placeholder: "", maxLength: 100 },
    { name: "email", billing: "email", autocomplete: "email", numeric: false, placeholder: "", maxLength: 254, type: "email" },
    { name: "routing_number", autocomplete: "off", numeric: true, placeholder: "110000000", maxLength: 9 },
    { name: "account_number", autocomplete: "off", numeric: true, placeholder: "000123456789", maxLength: 17 },
  ],
};

export function parseExpiry(value) {
  var match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(value) || /^\s*(\d{2})(\d{2})\s*$/.exec(value);
  if (!match) return null;
  var month = Number(match[1]);
  var year = Number(match[2]);
  if (year < 100) year += 2000;
  return { month: month, year: year };
}

// The error code for a field's value, or null when it is valid.
export function fieldError(name, raw, values) {
  var value = String(raw || "").trim();
  var d = digits(value);
  switch (name) {
    case "number": {
      if (!d) return "incomplete_number";
      if (!/^\d+$/.test(d)) return "invalid_number";
      var wanted = brandOf(d) === "amex" ? 15 : 16;
      if (d.length < wanted) return "incomplete_number";
      if (d.length > wanted || !luhn(d)) return "invalid_number";
      return null;
    }
    case "expiry": {
      var expiry = value ? parseExpiry(value) : null;
      if (!expiry) return "incomplete_expiry";
      if (expiry.month < 1 || expiry.month > 12) return "invalid_expiry_month";
      var now = new Date();
      var year = now.getFullYear();
      if (expiry.year < year) return "invalid_expiry_year_past";
      if (expiry.year === year && expiry.month < now.getMonth() + 1) return "invalid_expiry_month_past";
      if (expiry.year > year + 50) return "invalid_expiry_year";
      return null;
    }
    case "cvc": {
      var cvcLength = brandOf(digits(values.number)) === "amex" ? 4 : 3;
      if (!/^\d*$/.test(d)) return "invalid_cvc";
      if (d.length < cvcLength) return "incomplete_cvc";
      if (d.length > cvcLength) return "invalid_cvc";
      return null;
    }
    case "account_holder_name":
      return value ? null : "incomplete_name";
    case "email":
      if (!value) return "incomplete_email";
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : "invalid_email";
    case "routing_number":
      if (!/^\d*$/.test(d)) return "invalid_routing_number";
      if (d.length < 9) return "incomplete_routing_number";
      if (d.length > 9 || !abaChecksum(d)) return "invalid_routing_number";
      return null;
    case "account_number":
      if (!/^\d*$/.test(d)) return "invalid_account_number";
      if (d.length < 4) return "incomplete_account_number";
      if (d.length > 17) return "invalid_account_number";
      return null;
  }
  return null;
}

// fields.<type>.billingDetails overrides fields.billingDetails; "never" as a whole or per key.
const BILLING_KEYS = ["name", "email", "phone", "address"];
const ADDRESS_KEYS = { country: "country", postalCode: "postal_code", state: "state", city: "city", line1: "line1", line2: "line2" };

export function checkFieldsOption(fields) {
  if (fields === undefined) return;
  var call = 'elements.create("payment")';
  function checkBilling(path, option) {
    if (option === undefined) return;
    if (typeof option === "string") return checkOneOf(call, path, option, ["auto", "never"]);
    if (!isPlainObject(option)) throw integrationError("Invalid value for " + call + "(): " + path + " should be a string or an object.");
    checkOneOf(call, path + ".name", option.name, ["auto", "never", "always"]);
    checkOneOf(call, path + ".email", option.email, ["auto", "never"]);
    checkOneOf(call, path + ".phone", option.phone, ["auto", "never"]);
    if (isPlainObject(option.address)) {
      Object.keys(option.address).forEach(function (key) {
        checkOneOf(call, path + ".address." + key, option.address[key], ["auto", "never"]);
      });
    } else checkOneOf(call, path + ".address", option.address, ["auto", "never", "if_required"]);
  }
  checkBilling("fields.billingDetails", fields.billingDetails);
  Object.keys(fields).forEach(function (key) {
    if (key !== "billingDetails" && isPlainObject(fields[key])) checkBilling("fields." + key + ".billingDetails", fields[key].billingDetails);
  });
}

// The billing details (as params paths) the Element was told never to collect for this type.
export function neverCollected(fields, type) {
  var option =
    fields && isPlainObject(fields[type]) && fields[type].billingDetails !== undefined ? fields[type].billingDetails : fields && fields.billingDetails;
  var never = [];
  if (option === "never") {
    BILLING_KEYS.forEach(function (key) {
      if (key !== "address") never.push(key);
    });
    Object.keys(ADDRESS_KEYS).forEach(function (key) {
      never.push("address." + ADDRESS_KEYS[key]);
    });
    return never;
  }
  if (!isPlainObject(option)) return never;
  ["name", "email", "phone"].forEach(function (key) {
    if (option[key] === "never") never.push(key);
  });
  Object.keys(ADDRESS_KEYS).forEach(function (key) {
    if (option.address === "never" || (isPlainObject(option.address) && option.address[key] === "never")) never.push("address." + ADDRESS_KEYS[key]);
  });
  return never;
}
