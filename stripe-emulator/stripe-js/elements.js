// The Elements group: one per payment form, holding its options and its Payment Element.
import { SUPPORTED_TYPES, checkAmount, integrationError } from "./util.js";
import { OPTIONS, checkOneOf, checkOptions } from "./options.js";
import { STRINGS, resolveLocale } from "./strings.js";
import { checkFieldsOption } from "./fields.js";
import { createPaymentElement } from "./payment-element.js";

export function createElements(options, stripeLocale) {
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
