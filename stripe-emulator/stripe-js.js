/*
 * Stripe.js stand-in for the local Stripe emulator (test mode only, never production).
 * Served by the emulator at /v3/; the portal loads it with <script src="http://127.0.0.1:12111/v3/">
 * only when configured to use the emulator. It implements exactly the calls the portal makes:
 *   Stripe(pk).elements({ mode: "payment", amount, currency, paymentMethodCreation: "manual",
 *     allowedPaymentMethodTypes }), elements.create("payment"), element.mount/unmount/on,
 *   elements.update({ amount }), elements.submit(), stripe.createConfirmationToken({ elements, params }),
 *   stripe.handleNextAction({ clientSecret }), stripe.retrievePaymentIntent(clientSecret).
 * The host page has a strict CSP: no style attributes, no <style>, no eval. Everything is built
 * with DOM APIs and carries `sx-` class names for the page to style.
 *
 * As strict as Stripe.js for those calls: an option the published @stripe/stripe-js types do not
 * have there (OPTIONS below, generated from the types) throws an IntegrationError naming it, and a
 * billing detail the Payment Element was told not to collect (fields.billingDetails.X: "never")
 * must be passed to createConfirmationToken. Labels and messages follow `locale` (en, es).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  // Requests go back to wherever this script came from, so one emulator serves any portal origin.
  var ORIGIN = script && script.src ? new URL(script.src, window.location.href).origin : window.location.origin;
  var API_VERSION = "2026-10-28.endive";
  var SUPPORTED_TYPES = ["card", "us_bank_account"];
  var nextId = 0;

  // ---------------------------------------------------------------------------
  // Small utilities

  function integrationError(message) {
    var error = new Error(message);
    error.name = "IntegrationError";
    return error;
  }

  // BEGIN options generated from @stripe/stripe-js by stripe-emulator/stripe-js-options.ts
  var S1 = { country: true, postalCode: true, state: true, city: true, line1: true, line2: true };
  var S2 = { city: true, country: true, line1: true, line2: true, postal_code: true, state: true };
  var S3 = { name: true, email: true, phone: true, address: S1 };
  var S4 = { billingDetails: S3 };
  var OPTIONS = {
    "Stripe": { stripeAccount: true, apiVersion: true, locale: true, betas: true, developerTools: { assistant: { enabled: true } } },
    "elements": { mode: true, amount: true, currency: true, fonts: true, locale: true, appearance: true, loader: true, customerOptions: true, customerSessionClientSecret: true, customPaymentMethods: true, syncAddressCheckbox: true, paymentMethodCreation: true, setupFutureUsage: true, setup_future_usage: true, captureMethod: true, capture_method: true, onBehalfOf: true, on_behalf_of: true, excludedPaymentMethodTypes: true, allowedPaymentMethodTypes: true, paymentMethodConfiguration: true, payment_method_configuration: true, paymentMethodOptions: true, payment_method_options: true, clientSecret: "misplaced", externalPaymentMethodTypes: true, adaptivePricing: { allowed: true } },
    "elements.update": { locale: true, fonts: true, appearance: true, mode: true, currency: true, amount: true, setupFutureUsage: true, setup_future_usage: true, captureMethod: true, capture_method: true, excludedPaymentMethodTypes: true, allowedPaymentMethodTypes: true, paymentMethodConfiguration: true, payment_method_configuration: true, onBehalfOf: true, on_behalf_of: true, customerSessionClientSecret: true, customPaymentMethods: true },
    "elements.create(\"payment\")": { defaultValues: { billingDetails: { name: true, email: true, phone: true, address: S2 }, card: { network: true } }, business: { name: true }, paymentMethodOrder: true, fields: { billingDetails: S3, acss_debit: S4, affirm: S4, afterpay_clearpay: S4, alipay: S4, alma: S4, amazon_pay: S4, apple_pay: S4, au_becs_debit: S4, bacs_debit: S4, bancontact: S4, billie: S4, bizum: S4, blik: S4, boleto: S4, capchase_pay: S4, card: S4, cashapp: S4, crypto: S4, customer_balance: S4, eps: S4, fpx: S4, gcash: S4, giropay: S4, google_pay: S4, grabpay: S4, gopay: S4, id_bank_transfer: S4, ideal: S4, kakao_pay: S4, klarna: S4, konbini: S4, kr_card: S4, kr_market: S4, kriya: S4, link: S4, mb_way: S4, mobilepay: S4, momo: S4, mondu: S4, multibanco: S4, naver_pay: S4, ng_bank: S4, ng_bank_transfer: S4, ng_card: S4, ng_market: S4, ng_ussd: S4, ng_wallet: S4, nz_bank_account: S4, oxxo: S4, p24: S4, pay_by_bank: S4, payco: S4, paynow: S4, paypay: S4, paypal: S4, payto: S4, pix: S4, promptpay: S4, qris: S4, rechnung: S4, revolut_pay: S4, satispay: S4, samsung_pay: S4, scalapay: S4, sepa_debit: S4, sequra: S4, shopeepay: S4, sofort: S4, south_korea_market: S4, sunbit: S4, swish: S4, twint: S4, upi: S4, vipps: S4, us_bank_account: S4, wero: S4, wechat_pay: S4, zip: S4 }, readOnly: true, terms: { applePay: true, auBecsDebit: true, bancontact: true, card: true, cashapp: true, googlePay: true, ideal: true, klarna: true, paypal: true, sepaDebit: true, sofort: true, usBankAccount: true }, wallets: { applePay: true, googlePay: true, link: true }, walletOptions: { emailRequired: true, phoneNumberRequired: true }, layout: true, applePay: true },
    "createConfirmationToken": { elements: true, params: { payment_method_data: { billing_details: { address: S2, email: true, name: true, phone: true }, allow_redisplay: true, metadata: true }, shipping: { address: S2, name: true, phone: true }, return_url: true, metadata: true } },
    "handleNextAction": { clientSecret: true, hashedValue: true },
  };
  // END generated options

  // Where Stripe.js names the option to use instead.
  var INSTEAD = {
    paymentMethodTypes: "allowedPaymentMethodTypes (paymentMethodTypes is not supported on the endive release train)",
    "params.billing_details": "params.payment_method_data.billing_details",
  };

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // Refuses any key the types do not have at that place, at every level the shape spells out.
  function checkOptions(call, value, shape, prefix) {
    prefix = prefix || "";
    if (value === undefined) return;
    if (!isPlainObject(value)) {
      if (prefix) return;
      throw integrationError("Invalid value for " + call + "(): options should be an object. You specified: " + String(value) + ".");
    }
    Object.keys(value).forEach(function (key) {
      var path = prefix + key;
      var allowed = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
      if (allowed === undefined || allowed === "misplaced") {
        var instead = INSTEAD[path];
        throw integrationError(
          (allowed === "misplaced" ? "Invalid " : "Unrecognized ") + call + "() parameter: " + path + " is not " +
            (allowed === "misplaced" ? "allowed here" : "a recognized parameter") + "." + (instead ? " Use " + instead + "." : "")
        );
      }
      if (allowed !== true && isPlainObject(value[key])) checkOptions(call, value[key], allowed, path + ".");
    });
  }

  function checkOneOf(call, path, value, choices) {
    if (value !== undefined && choices.indexOf(value) < 0) {
      throw integrationError(
        "Invalid value for " + call + "(): " + path + " should be one of the following strings: " + choices.join(", ") + ". You specified: " + String(value) + "."
      );
    }
  }

  // ---------------------------------------------------------------------------
  // Languages: Stripe localizes the Payment Element's labels and messages by `locale`.

  var STRINGS = {
    en: {
      lang: "en",
      testNote: "Test mode: Stripe emulator",
      methods: "Payment method",
      card: "Card",
      us_bank_account: "US bank account (ACH)",
      number: "Card number",
      expiry: "Expiration (MM/YY)",
      expiryPlaceholder: "MM/YY",
      cvc: "CVC",
      account_holder_name: "Account holder name",
      email: "Email",
      routing_number: "Routing number",
      account_number: "Account number",
      mandate: "By providing your bank account details you authorize this payment to be debited from that account by ACH (test mode: no real debit happens).",
      incomplete_number: "Your card number is incomplete.",
      invalid_number: "Your card number is invalid.",
      incomplete_expiry: "Your card's expiration date is incomplete.",
      invalid_expiry_month: "Your card's expiration date is invalid.",
      invalid_expiry_year_past: "Your card's expiration year is in the past.",
      invalid_expiry_month_past: "Your card's expiration date is in the past.",
      invalid_expiry_year: "Your card's expiration year is invalid.",
      incomplete_cvc: "Your card's security code is incomplete.",
      invalid_cvc: "Your card's security code is invalid.",
      incomplete_name: "Enter the account holder's name.",
      incomplete_email: "Your email address is incomplete.",
      invalid_email: "Your email address is invalid.",
      incomplete_routing_number: "Your routing number is incomplete.",
      invalid_routing_number: "Your routing number is invalid.",
      incomplete_account_number: "Your account number is incomplete.",
      invalid_account_number: "Your account number is invalid.",
      challengeTitle: "Confirm this payment with your bank",
      challengeBody: "Your bank asks you to authenticate the payment of {amount}.",
      challengeNote: "Test mode: Stripe emulator. This stands in for the bank's 3D Secure check.",
      approve: "Complete authentication",
      fail: "Fail authentication",
      authenticationFailed: "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
    },
    es: {
      lang: "es",
      testNote: "Modo de prueba: emulador de Stripe",
      methods: "Método de pago",
      card: "Tarjeta",
      us_bank_account: "Cuenta bancaria de EE. UU. (ACH)",
      number: "Número de tarjeta",
      expiry: "Fecha de vencimiento (MM/AA)",
      expiryPlaceholder: "MM/AA",
      cvc: "CVC",
      account_holder_name: "Nombre del titular de la cuenta",
      email: "Correo electrónico",
      routing_number: "Número de ruta",
      account_number: "Número de cuenta",
      mandate: "Al proporcionar los datos de tu cuenta bancaria, autorizas que este pago se debite de esa cuenta mediante ACH (modo de prueba: no se realiza ningún débito real).",
      incomplete_number: "El número de tu tarjeta está incompleto.",
      invalid_number: "El número de tu tarjeta no es válido.",
      incomplete_expiry: "La fecha de vencimiento de tu tarjeta está incompleta.",
      invalid_expiry_month: "La fecha de vencimiento de tu tarjeta no es válida.",
      invalid_expiry_year_past: "El año de vencimiento de tu tarjeta ya pasó.",
      invalid_expiry_month_past: "La fecha de vencimiento de tu tarjeta ya pasó.",
      invalid_expiry_year: "El año de vencimiento de tu tarjeta no es válido.",
      incomplete_cvc: "El código de seguridad de tu tarjeta está incompleto.",
      invalid_cvc: "El código de seguridad de tu tarjeta no es válido.",
      incomplete_name: "Escribe el nombre del titular de la cuenta.",
      incomplete_email: "Tu dirección de correo electrónico está incompleta.",
      invalid_email: "Tu dirección de correo electrónico no es válida.",
      incomplete_routing_number: "Tu número de ruta está incompleto.",
      invalid_routing_number: "Tu número de ruta no es válido.",
      incomplete_account_number: "Tu número de cuenta está incompleto.",
      invalid_account_number: "Tu número de cuenta no es válido.",
      challengeTitle: "Confirma este pago con tu banco",
      challengeBody: "Tu banco te pide autenticar el pago de {amount}.",
      challengeNote: "Modo de prueba: emulador de Stripe. Sustituye la verificación 3D Secure del banco.",
      approve: "Completar autenticación",
      fail: "Rechazar autenticación",
      authenticationFailed: "No podemos autenticar tu método de pago. Elige otro método de pago e inténtalo de nuevo.",
    },
  };

  // "auto" follows the browser, as Stripe does; languages the stand-in lacks fall back to English.
  function resolveLocale(locale) {
    var tag = String(!locale || locale === "auto" ? navigator.language || "en" : locale).toLowerCase();
    return tag === "es" || tag.indexOf("es-") === 0 ? "es" : "en";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function digits(value) {
    return String(value || "").replace(/[\s-]/g, "");
  }

  function luhn(number) {
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

  function abaChecksum(routing) {
    var w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
    var sum = 0;
    for (var i = 0; i < 9; i++) sum += w[i] * (routing.charCodeAt(i) - 48);
    return sum % 10 === 0;
  }

  function brandOf(number) {
    if (/^3[47]/.test(number)) return "amex";
    if (/^4/.test(number)) return "visa";
    if (/^(5[1-5]|2[2-7])/.test(number)) return "mastercard";
    if (/^6(011|5)/.test(number)) return "discover";
    return "unknown";
  }

  function formatAmount(amount, currency) {
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
  function api(method, path, params) {
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
          }
        );
      },
      function () {
        return {
          ok: false,
          json: { error: { type: "api_connection_error", message: "Could not reach the Stripe emulator at " + ORIGIN + "." } },
        };
      }
    );
  }

  function checkAmount(amount) {
    if (typeof amount !== "number" || !isFinite(amount) || amount <= 0 || Math.floor(amount) !== amount) {
      throw integrationError("amount must be a positive integer in the smallest currency unit (cents).");
    }
  }

  // ---------------------------------------------------------------------------
  // Field definitions and client-side validation (codes and messages follow Stripe Elements).
  // Labels and placeholders come from STRINGS by field name; `billing` fields are the billing
  // details the Element collects unless told "never".

  var FIELDS = {
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

  function parseExpiry(value) {
    var match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(value) || /^\s*(\d{2})(\d{2})\s*$/.exec(value);
    if (!match) return null;
    var month = Number(match[1]);
    var year = Number(match[2]);
    if (year < 100) year += 2000;
    return { month: month, year: year };
  }

  // The error code for a field's value, or null when it is valid.
  function fieldError(name, raw, values) {
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
  var BILLING_KEYS = ["name", "email", "phone", "address"];
  var ADDRESS_KEYS = { country: "country", postalCode: "postal_code", state: "state", city: "city", line1: "line1", line2: "line2" };

  function checkFieldsOption(fields) {
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
  function neverCollected(fields, type) {
    var option = fields && isPlainObject(fields[type]) && fields[type].billingDetails !== undefined ? fields[type].billingDetails : fields && fields.billingDetails;
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

  // ---------------------------------------------------------------------------
  // The Payment Element

  function createPaymentElement(group, options) {
    var id = ++nextId;
    var prefix = "sx-" + id + "-";
    var handlers = {};
    var values = {};
    var defaults = (options.defaultValues && options.defaultValues.billingDetails) || {};
    if (defaults.name) values.account_holder_name = String(defaults.name);
    if (defaults.email) values.email = String(defaults.email);
    var state = { type: group._allowed()[0], container: null, root: null, inputs: {}, errors: {}, destroyed: false };

    // The fields shown for a type: billing details told "never" are left to the integration.
    function fieldsOf(type) {
      var never = neverCollected(options.fields, type);
      return FIELDS[type].filter(function (field) {
        return !field.billing || never.indexOf(field.billing) < 0;
      });
    }

    function errorOf(code) {
      return code ? { code: code, message: group._strings()[code] } : null;
    }

    function emit(name, payload) {
      var list = (handlers[name] || []).slice();
      for (var i = 0; i < list.length; i++) {
        try {
          list[i](payload);
        } catch (error) {
          setTimeout(function () {
            throw error;
          });
        }
      }
    }

    function currentErrors() {
      var fields = fieldsOf(state.type);
      var found = [];
      for (var i = 0; i < fields.length; i++) {
        var error = errorOf(fieldError(fields[i].name, values[fields[i].name], values));
        if (error) found.push({ field: fields[i].name, error: error });
      }
      return found;
    }

    function isEmpty() {
      var fields = fieldsOf(state.type);
      for (var i = 0; i < fields.length; i++) if (String(values[fields[i].name] || "").trim()) return false;
      return true;
    }

    function changeEvent() {
      return { elementType: "payment", empty: isEmpty(), complete: currentErrors().length === 0, collapsed: false, value: { type: state.type } };
    }

    function showError(name, error) {
      var input = state.inputs[name];
      var message = state.errors[name];
      if (!input || !message) return;
      message.textContent = error ? error.message : "";
      message.hidden = !error;
      input.setAttribute("aria-invalid", error ? "true" : "false");
    }

    function buildField(field) {
      var strings = group._strings();
      var wrapper = el("div", "sx-field sx-field-" + field.name.replace(/_/g, "-"));
      var input = el("input", "sx-input");
      input.id = prefix + field.name.replace(/_/g, "-");
      input.name = field.name;
      input.type = field.type || "text";
      input.autocomplete = field.autocomplete;
      input.maxLength = field.maxLength;
      input.spellcheck = false;
      if (field.placeholder) input.placeholder = strings[field.placeholder] || field.placeholder;
      if (field.numeric) input.setAttribute("inputmode", "numeric");
      input.setAttribute("aria-describedby", input.id + "-error");
      input.setAttribute("aria-invalid", "false");
      input.value = values[field.name] || "";
      var label = el("label", "sx-label", strings[field.name]);
      label.htmlFor = input.id;
      var message = el("p", "sx-error");
      message.id = input.id + "-error";
      message.hidden = true;
      input.addEventListener("input", function () {
        values[field.name] = input.value;
        group._submitted = false;
        showError(field.name, null);
        emit("change", changeEvent());
      });
      input.addEventListener("blur", function () {
        if (String(input.value).trim()) showError(field.name, errorOf(fieldError(field.name, input.value, values)));
      });
      state.inputs[field.name] = input;
      state.errors[field.name] = message;
      wrapper.appendChild(label);
      wrapper.appendChild(input);
      wrapper.appendChild(message);
      return wrapper;
    }

    function render() {
      var strings = group._strings();
      var allowed = group._allowed();
      if (allowed.indexOf(state.type) < 0) state.type = allowed[0];
      var root = el("div", "sx-payment-element");
      root.lang = strings.lang;
      root.appendChild(el("p", "sx-test-note", strings.testNote));
      state.inputs = {};
      state.errors = {};

      if (allowed.length > 1) {
        var fieldset = el("fieldset", "sx-methods");
        fieldset.appendChild(el("legend", "sx-legend", strings.methods));
        allowed.forEach(function (type) {
          var option = el("div", "sx-method");
          var radio = el("input", "sx-radio");
          radio.type = "radio";
          radio.name = prefix + "method";
          radio.id = prefix + "method-" + type.replace(/_/g, "-");
          radio.value = type;
          radio.checked = type === state.type;
          radio.addEventListener("change", function () {
            if (!radio.checked) return;
            state.type = type;
            group._submitted = false;
            showPanel(root);
            emit("change", changeEvent());
          });
          var label = el("label", "sx-radio-label", strings[type]);
          label.htmlFor = radio.id;
          option.appendChild(radio);
          option.appendChild(label);
          fieldset.appendChild(option);
        });
        root.appendChild(fieldset);
      }

      allowed.forEach(function (type) {
        var panel = el("div", "sx-panel sx-panel-" + type.replace(/_/g, "-"));
        panel.setAttribute("data-sx-type", type);
        fieldsOf(type).forEach(function (field) {
          panel.appendChild(buildField(field));
        });
        if (type === "us_bank_account") panel.appendChild(bankEntryChoice());
        if (type === "us_bank_account") panel.appendChild(el("p", "sx-mandate", strings.mandate));
        root.appendChild(panel);
      });
      showPanel(root);
      return root;
    }

    // --- ACH verification path (stripe-ach) ------------------------------------------------
    // Stripe's bank flow offers instant verification at a (test) institution, or "enter bank
    // details manually", which ends in microdeposits. Tests pick one with these two radios.
    function bankEntryChoice() {
      var fieldset = el("fieldset", "sx-bank-entry");
      fieldset.appendChild(el("legend", "sx-legend", "How to connect the account"));
      [
        ["instant", "Test Institution: verify instantly"],
        ["manual", "Enter bank details manually instead (verify with microdeposits)"],
      ].forEach(function (choice) {
        var option = el("div", "sx-method");
        var radio = el("input", "sx-radio");
        radio.type = "radio";
        radio.name = prefix + "bank-entry";
        radio.id = prefix + "bank-entry-" + choice[0];
        radio.value = choice[0];
        radio.checked = (values.__bank_entry || "instant") === choice[0];
        radio.addEventListener("change", function () {
          if (radio.checked) values.__bank_entry = choice[0];
          group._submitted = false;
        });
        var label = el("label", "sx-radio-label", choice[1]);
        label.htmlFor = radio.id;
        option.appendChild(radio);
        option.appendChild(label);
        fieldset.appendChild(option);
      });
      return fieldset;
    }
    // --- end ACH verification path --------------------------------------------------------

    function showPanel(root) {
      var panels = root.querySelectorAll(".sx-panel");
      for (var i = 0; i < panels.length; i++) panels[i].hidden = panels[i].getAttribute("data-sx-type") !== state.type;
    }

    var element = {
      mount: function (target) {
        if (state.destroyed) throw integrationError("This Element has been destroyed.");
        var container = typeof target === "string" ? document.querySelector(target) : target;
        if (!container || typeof container.appendChild !== "function") {
          throw integrationError("mount(): no element matches " + String(target) + ".");
        }
        if (state.root) element.unmount();
        state.container = container;
        state.root = render();
        container.appendChild(state.root);
        setTimeout(function () {
          emit("ready", { elementType: "payment" });
        }, 0);
      },
      unmount: function () {
        if (state.root && state.root.parentNode) state.root.parentNode.removeChild(state.root);
        state.root = null;
        state.container = null;
      },
      destroy: function () {
        element.unmount();
        state.destroyed = true;
        group._element = null;
      },
      on: function (name, handler) {
        (handlers[name] = handlers[name] || []).push(handler);
        return element;
      },
      off: function (name, handler) {
        handlers[name] = (handlers[name] || []).filter(function (h) {
          return handler !== undefined && h !== handler;
        });
        return element;
      },
      once: function (name, handler) {
        function wrapped(payload) {
          element.off(name, wrapped);
          handler(payload);
        }
        return element.on(name, wrapped);
      },
      update: function () {
        // The portal never updates the Payment Element itself; refuse rather than ignore.
        throw integrationError("The Stripe emulator does not implement paymentElement.update().");
      },
      focus: function () {
        var first = state.inputs[fieldsOf(state.type)[0].name];
        if (first) first.focus();
      },
      blur: function () {
        if (state.root && state.root.contains(document.activeElement)) document.activeElement.blur();
      },
      clear: function () {
        values = {};
        if (state.root && state.container) element.mount(state.container);
      },
      collapse: function () {
        return element;
      },
      // Internal: used by elements.submit() and createConfirmationToken().
      _rerender: function () {
        if (state.root && state.container) element.mount(state.container);
      },
      _isMounted: function () {
        return state.root !== null;
      },
      _type: function () {
        return state.type;
      },
      _values: function () {
        return values;
      },
      _neverCollected: function () {
        return neverCollected(options.fields, state.type);
      },
      _validate: function (show) {
        var errors = currentErrors();
        if (show) {
          fieldsOf(state.type).forEach(function (field) {
            showError(field.name, null);
          });
          errors.forEach(function (item) {
            showError(item.field, item.error);
          });
          if (errors.length && state.inputs[errors[0].field]) state.inputs[errors[0].field].focus();
        }
        return errors.length ? { type: "validation_error", code: errors[0].error.code, message: errors[0].error.message } : null;
      },
    };
    return element;
  }

  // ---------------------------------------------------------------------------
  // Elements group

  function createElements(options, stripeLocale) {
    checkOptions("elements", options, OPTIONS.elements);
    options = options || {};
    if (options.mode !== "payment") throw integrationError('The Stripe emulator supports elements({ mode: "payment" }) only.');
    checkAmount(options.amount);
    var currency = String(options.currency || "").toLowerCase();
    if (currency !== "usd") throw integrationError("The Stripe emulator supports currency usd only.");

    function allowedFrom(list) {
      var requested = list || SUPPORTED_TYPES;
      var allowed = requested.filter(function (type) {
        return SUPPORTED_TYPES.indexOf(type) >= 0;
      });
      if (allowed.length !== requested.length && window.console) {
        console.warn("Stripe emulator: only card and us_bank_account are supported; ignoring the rest of", requested);
      }
      if (!allowed.length) throw integrationError("allowedPaymentMethodTypes must include card or us_bank_account.");
      return allowed;
    }

    var settings = {
      amount: options.amount,
      currency: currency,
      allowed: allowedFrom(options.allowedPaymentMethodTypes),
      locale: resolveLocale(options.locale || stripeLocale),
    };
    var group = {
      _element: null,
      _submitted: false,
      _allowed: function () {
        return settings.allowed.slice();
      },
      _strings: function () {
        return STRINGS[settings.locale];
      },
      _settings: function () {
        return { amount: settings.amount, currency: settings.currency };
      },
      create: function (type, elementOptions) {
        if (type !== "payment") throw integrationError('The Stripe emulator supports elements.create("payment") only.');
        checkOptions('elements.create("payment")', elementOptions, OPTIONS['elements.create("payment")']);
        elementOptions = elementOptions || {};
        checkFieldsOption(elementOptions.fields);
        var wallets = elementOptions.wallets || {};
        Object.keys(wallets).forEach(function (key) {
          checkOneOf('elements.create("payment")', "wallets." + key, wallets[key], ["auto", "never"]);
        });
        if (group._element) throw integrationError("Can only create one Element of type payment.");
        group._element = createPaymentElement(group, elementOptions);
        return group._element;
      },
      getElement: function (type) {
        return type === "payment" ? group._element : null;
      },
      update: function (changes) {
        checkOptions("elements.update", changes, OPTIONS["elements.update"]);
        changes = changes || {};
        if (changes.mode !== undefined && changes.mode !== "payment") throw integrationError('The Stripe emulator supports mode "payment" only.');
        if (changes.currency !== undefined && String(changes.currency).toLowerCase() !== "usd") {
          throw integrationError("The Stripe emulator supports currency usd only.");
        }
        if (changes.amount !== undefined) {
          checkAmount(changes.amount);
          settings.amount = changes.amount;
        }
        var rerender = false;
        if (changes.allowedPaymentMethodTypes) {
          settings.allowed = allowedFrom(changes.allowedPaymentMethodTypes);
          rerender = true;
        }
        if (changes.locale) {
          settings.locale = resolveLocale(changes.locale);
          rerender = true;
        }
        if (rerender) {
          group._submitted = false;
          if (group._element) group._element._rerender();
        }
        return Promise.resolve();
      },
      submit: function () {
        var element = group._element;
        if (!element || !element._isMounted()) {
          return Promise.resolve({
            error: { type: "validation_error", code: "element_not_mounted", message: "Mount the Payment Element before calling elements.submit()." },
          });
        }
        var error = element._validate(true);
        group._submitted = !error;
        return Promise.resolve(error ? { error: error } : { selectedPaymentMethod: element._type() });
      },
      fetchUpdates: function () {
        return Promise.resolve({});
      },
    };
    return group;
  }

  // ---------------------------------------------------------------------------
  // 3D Secure challenge: an in-page modal dialog (no iframe, no inline styles)

  function showChallenge(paymentIntent, strings) {
    return new Promise(function (resolve) {
      var previous = document.activeElement;
      var id = "sx-3ds-" + ++nextId;
      var backdrop = el("div", "sx-3ds-backdrop");
      var dialog = el("div", "sx-3ds-dialog");
      dialog.setAttribute("role", "dialog");
      dialog.setAttribute("aria-modal", "true");
      dialog.setAttribute("aria-labelledby", id + "-title");
      dialog.setAttribute("aria-describedby", id + "-description");
      dialog.tabIndex = -1;
      dialog.lang = strings.lang;
      var title = el("h2", "sx-3ds-title", strings.challengeTitle);
      title.id = id + "-title";
      var description = el("p", "sx-3ds-description", strings.challengeBody.replace("{amount}", formatAmount(paymentIntent.amount, paymentIntent.currency)));
      description.id = id + "-description";
      var note = el("p", "sx-test-note", strings.challengeNote);
      var actions = el("div", "sx-3ds-actions");
      var approve = el("button", "sx-button sx-button-primary", strings.approve);
      approve.type = "button";
      var fail = el("button", "sx-button", strings.fail);
      fail.type = "button";
      actions.appendChild(approve);
      actions.appendChild(fail);
      dialog.appendChild(title);
      dialog.appendChild(description);
      dialog.appendChild(note);
      dialog.appendChild(actions);
      backdrop.appendChild(dialog);

      function finish(outcome) {
        document.removeEventListener("keydown", onKeydown, true);
        if (backdrop.parentNode) backdrop.parentNode.removeChild(backdrop);
        if (previous && typeof previous.focus === "function" && document.contains(previous)) previous.focus();
        resolve(outcome);
      }

      function onKeydown(event) {
        // Closing a bank's challenge fails it, as with the real 3D Secure modal.
        if (event.key === "Escape") {
          event.preventDefault();
          finish("fail");
        } else if (event.key === "Tab") {
          // Keep focus inside the dialog while it is open.
          var first = approve;
          var last = fail;
          if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
            event.preventDefault();
            last.focus();
          } else if (!event.shiftKey && document.activeElement === last) {
            event.preventDefault();
            first.focus();
          }
        }
      }

      approve.addEventListener("click", function () {
        finish("approve");
      });
      fail.addEventListener("click", function () {
        finish("fail");
      });
      document.addEventListener("keydown", onKeydown, true);
      document.body.appendChild(backdrop);
      dialog.focus();
    });
  }

  // ---------------------------------------------------------------------------
  // Stripe()

  function createStripe(publishableKey, stripeOptions) {
    var stripeLocale = stripeOptions.locale;
    var groups = [];

    function retrieve(clientSecret) {
      var intentId = String(clientSecret).split("_secret_")[0];
      return api("GET", "/v1/payment_intents/" + encodeURIComponent(intentId), {
        key: publishableKey,
        client_secret: clientSecret,
      });
    }

    return {
      elements: function (options) {
        var group = createElements(options, stripeLocale);
        groups.push(group);
        return group;
      },

      createConfirmationToken: function (options) {
        checkOptions("createConfirmationToken", options, OPTIONS.createConfirmationToken);
        if (!options || groups.indexOf(options.elements) < 0) {
          throw integrationError("createConfirmationToken needs { elements } created by this Stripe instance.");
        }
        var group = options.elements;
        var element = group._element;
        if (!element || !element._isMounted()) throw integrationError("Mount the Payment Element before creating a ConfirmationToken.");
        if (!group._submitted) {
          return Promise.resolve({
            error: {
              type: "invalid_request_error",
              code: "elements_not_submitted",
              message: "elements.submit() must be called, and succeed, before stripe.createConfirmationToken().",
            },
          });
        }
        var params = options.params || {};
        var methodData = params.payment_method_data || {};
        var given = methodData.billing_details || {};
        // What the Element was told not to collect must come from the integration, as Stripe.js insists.
        element._neverCollected().forEach(function (path) {
          var parts = path.split(".");
          var value = parts.length === 1 ? given[parts[0]] : given.address && given.address[parts[1]];
          if (value === undefined) {
            var option = "fields.billingDetails." + (parts[0] === "address" ? "address" : parts[0]);
            throw integrationError(
              'You specified "never" for ' + option + " when creating the payment Element, but did not pass " +
                "params.payment_method_data.billing_details." + path + " when calling stripe.createConfirmationToken(). " +
                "If you opt out of collecting data via the payment Element using the fields option, the data must be passed in when calling stripe.createConfirmationToken()."
            );
          }
        });
        var values = element._values();
        var type = element._type();
        // Collected details first; values passed here override them, as in Stripe.js.
        var billing = {};
        if (type === "us_bank_account") {
          if (values.account_holder_name !== undefined) billing.name = String(values.account_holder_name).trim();
          if (values.email !== undefined) billing.email = String(values.email).trim();
        }
        Object.keys(given).forEach(function (key) {
          billing[key] = given[key];
        });
        var data = { type: type, billing_details: billing };
        if (methodData.allow_redisplay !== undefined) data.allow_redisplay = methodData.allow_redisplay;
        if (methodData.metadata !== undefined) data.metadata = methodData.metadata;
        if (type === "card") {
          var expiry = parseExpiry(values.expiry || "") || { month: 0, year: 0 };
          data.card = { number: digits(values.number), exp_month: expiry.month, exp_year: expiry.year, cvc: digits(values.cvc) };
        } else {
          data.us_bank_account = {
            routing_number: digits(values.routing_number),
            account_number: digits(values.account_number),
            account_holder_type: "individual",
            account_type: "checking",
          };
        }
        var createToken = function () {
          return api("POST", "/v1/confirmation_tokens", {
            key: publishableKey,
            _stripe_version: API_VERSION,
            payment_method_data: data,
            return_url: params.return_url,
            shipping: params.shipping,
            metadata: params.metadata,
          }).then(function (result) {
            return result.ok ? { confirmationToken: result.json } : { error: result.json.error };
          });
        };
        // (stripe-ach) Instant verification links the account first; manual entry sends the numbers.
        if (type !== "us_bank_account" || values.__bank_entry === "manual") return createToken();
        return api("POST", "/_emulator/financial_connections/accounts", {
          key: publishableKey,
          routing_number: data.us_bank_account.routing_number,
          account_number: data.us_bank_account.account_number,
        }).then(function (linked) {
          if (!linked.ok) return { error: linked.json.error };
          data.us_bank_account = { financial_connections_account: linked.json.id, account_holder_type: "individual", account_type: "checking" };
          return createToken();
        });
      },

      handleNextAction: function (options) {
        checkOptions("handleNextAction", options, OPTIONS.handleNextAction);
        if (options && options.hashedValue !== undefined) {
          throw integrationError("The Stripe emulator does not implement handleNextAction({ hashedValue }) (shared payment tokens).");
        }
        if (!options || typeof options.clientSecret !== "string" || options.clientSecret.indexOf("_secret_") < 0) {
          throw integrationError("handleNextAction needs { clientSecret } of a PaymentIntent.");
        }
        var clientSecret = options.clientSecret;
        return retrieve(clientSecret).then(function (result) {
          if (!result.ok) return { error: result.json.error };
          var intent = result.json;
          if (intent.status !== "requires_action" || !intent.next_action) {
            return {
              error: {
                type: "invalid_request_error",
                code: "payment_intent_unexpected_state",
                message: "handleNextAction: the PaymentIntent's status is " + intent.status + ", not requires_action.",
                payment_intent: intent,
              },
            };
          }
          if (intent.next_action.type !== "use_stripe_sdk") {
            return {
              error: {
                type: "invalid_request_error",
                message: "The Stripe emulator cannot handle next_action " + intent.next_action.type + ".",
                payment_intent: intent,
              },
            };
          }
          return showChallenge(intent, STRINGS[resolveLocale(stripeLocale)])
            .then(function (outcome) {
              return api("POST", "/_emulator/3ds/" + encodeURIComponent(intent.id) + "/complete", {
                key: publishableKey,
                client_secret: clientSecret,
                outcome: outcome,
              });
            })
            .then(function (completed) {
              if (!completed.ok) return { error: completed.json.error };
              var updated = completed.json;
              if (updated.status === "requires_payment_method") {
                var last = updated.last_payment_error || {};
                return {
                  error: {
                    type: "card_error",
                    code: "payment_intent_authentication_failure",
                    message: last.message || STRINGS[resolveLocale(stripeLocale)].authenticationFailed,
                    payment_intent: updated,
                  },
                };
              }
              return { paymentIntent: updated };
            });
        });
      },

      retrievePaymentIntent: function (clientSecret) {
        return retrieve(clientSecret).then(function (result) {
          return result.ok ? { paymentIntent: result.json } : { error: result.json.error };
        });
      },

      // @stripe/stripe-js calls this when it finds window.Stripe already loaded.
      _registerWrapper: function () {},
      registerAppInfo: function () {},
    };
  }

  function Stripe(publishableKey, options) {
    if (typeof publishableKey !== "string" || !/^pk_test_/.test(publishableKey)) {
      throw integrationError("The Stripe emulator needs a test publishable key (pk_test_...).");
    }
    checkOptions("Stripe", options, OPTIONS.Stripe);
    if (options && options.stripeAccount !== undefined) throw integrationError("The Stripe emulator does not implement Connect (stripeAccount).");
    return createStripe(publishableKey, options || {});
  }
  Stripe.version = "endive";
  // The option shapes in force, for tests that hold them to the published types.
  Stripe.emulator = { origin: ORIGIN, options: OPTIONS };

  window.Stripe = Stripe;
})();
