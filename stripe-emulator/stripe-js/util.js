// Small utilities: where the script came from, ids, DOM and number helpers, the API client.

const script = document.currentScript;
// Requests go back to wherever this script came from, so one emulator serves any portal origin.
export const ORIGIN = script && script.src ? new URL(script.src, window.location.href).origin : window.location.origin;
export const API_VERSION = "2026-10-28.endive";
export const SUPPORTED_TYPES = ["card", "us_bank_account"];
let lastId = 0;

// Ids for the DOM nodes the stand-in creates, unique on the page.
export function nextId() {
  lastId += 1;
  return lastId;
}

export function integrationError(message) {
  var error = new Error(message);
  error.name = "IntegrationError";
  return error;
}
export function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function digits(value) {
  return String(value || "").replace(/[\s-]/g, "");
}

export function luhn(number) {
  var sum = 0;
  var double = false;
  for (var i = number.length - 1; i >= 0; i--) {
    var d = number.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function abaChecksum(routing) {
  var w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  var sum = 0;
  for (var i = 0; i < 9; i++) sum += w[i] * (routing.charCodeAt(i) - 48);
  return sum % 10 === 0;
}

export function brandOf(number) {
  if (/^3[47]/.test(number)) return "amex";
  if (/^4/.test(number)) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(number)) return "mastercard";
  if (/^6(011|5)/.test(number)) return "discover";
  return "unknown";
}

export function formatAmount(amount, currency) {
  return currency === "usd" ? "$" + (amount / 100).toFixed(2) : amount + " " + currency;
}

// Stripe's wire format: nested objects become bracket keys, a[b][c]=v.
function formEncode(value, prefix, pairs) {
  pairs = pairs || [];
  if (value === undefined || value === null) return pairs;
  if (typeof value === "object") {
    var keys = Object.keys(value);
    for (var i = 0; i < keys.length; i++) {
      var k = Array.isArray(value) ? String(i) : keys[i];
      formEncode(value[keys[i]], prefix ? prefix + "[" + k + "]" : k, pairs);
    }
    return pairs;
  }
  pairs.push(encodeURIComponent(prefix) + "=" + encodeURIComponent(String(value)));
  return pairs;
}

// Form-encoded bodies and an Accept header keep these CORS "simple": no preflight needed.
export function api(method, path, params) {
  var query = formEncode(params).join("&");
  var url = ORIGIN + path;
  var init = { method: method, headers: { Accept: "application/json" } };
  if (method === "GET") {
    url += "?" + query;
  } else {
    init.headers["Content-Type"] = "application/x-www-form-urlencoded";
    init.body = query;
  }
  return fetch(url, init).then(
    function (response) {
      return response.json().then(
        function (json) {
          return { ok: response.ok, json: json };
        },
        function () {
          return { ok: false, json: { error: { type: "api_error", message: "The Stripe emulator sent an unreadable answer." } } };
        },
      );
    },
    function () {
      return {
        ok: false,
        json: { error: { type: "api_connection_error", message: "Could not reach the Stripe emulator at " + ORIGIN + "." } },
      };
    },
  );
}

export function checkAmount(amount) {
  if (typeof amount !== "number" || !isFinite(amount) || amount <= 0 || Math.floor(amount) !== amount) {
    throw integrationError("amount must be a positive integer in the smallest currency unit (cents).");
  }
}
