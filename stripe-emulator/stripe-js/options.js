// The options each call accepts (generated from @stripe/stripe-js's types) and their check.
import { integrationError } from "./util.js";

// BEGIN options generated from @stripe/stripe-js by stripe-emulator/stripe-js-options.ts
const S1 = { country: true, postalCode: true, state: true, city: true, line1: true, line2: true };
const S2 = { city: true, country: true, line1: true, line2: true, postal_code: true, state: true };
const S3 = { name: true, email: true, phone: true, address: S1 };
const S4 = { billingDetails: S3 };
export const OPTIONS = {
  "Stripe": { stripeAccount: true, apiVersion: true, locale: true, betas: true, developerTools: { assistant: { enabled: true } } },
  "elements": { mode: true, amount: true, currency: true, fonts: true, locale: true, appearance: true, loader: true, customerOptions: true, customerSessionClientSecret: true, customPaymentMethods: true, syncAddressCheckbox: true, paymentMethodCreation: true, setupFutureUsage: true, setup_future_usage: true, captureMethod: true, capture_method: true, onBehalfOf: true, on_behalf_of: true, excludedPaymentMethodTypes: true, allowedPaymentMethodTypes: true, paymentMethodConfiguration: true, payment_method_configuration: true, paymentMethodOptions: true, payment_method_options: true, clientSecret: "misplaced", externalPaymentMethodTypes: true, adaptivePricing: { allowed: true } },
  "elements.update": { locale: true, fonts: true, appearance: true, mode: true, currency: true, amount: true, setupFutureUsage: true, setup_future_usage: true, captureMethod: true, capture_method: true, excludedPaymentMethodTypes: true, allowedPaymentMethodTypes: true, paymentMethodConfiguration: true, payment_method_configuration: true, onBehalfOf: true, on_behalf_of: true, customerSessionClientSecret: true, customPaymentMethods: true },
  "elements.create(\"payment\")": { defaultValues: { billingDetails: { name: true, email: true, phone: true, address: S2 }, card: { network: true } }, business: { name: true }, paymentMethodOrder: true, fields: { billingDetails: S3, acss_debit: S4, affirm: S4, afterpay_clearpay: S4, alipay: S4, alma: S4, amazon_pay: S4, apple_pay: S4, au_becs_debit: S4, bacs_debit: S4, bancontact: S4, billie: S4, bizum: S4, blik: S4, boleto: S4, capchase_pay: S4, card: S4, cashapp: S4, crypto: S4, customer_balance: S4, eps: S4, fpx: S4, gcash: S4, giropay: S4, google_pay: S4, grabpay: S4, gopay: S4, id_bank_transfer: S4, ideal: S4, kakao_pay: S4, klarna: S4, konbini: S4, kr_card: S4, kr_market: S4, kriya: S4, link: S4, mb_way: S4, mobilepay: S4, momo: S4, mondu: S4, multibanco: S4, naver_pay: S4, ng_bank: S4, ng_bank_transfer: S4, ng_card: S4, ng_market: S4, ng_ussd: S4, ng_wallet: S4, nz_bank_account: S4, oxxo: S4, p24: S4, pay_by_bank: S4, payco: S4, paynow: S4, paypay: S4, paypal: S4, payto: S4, pix: S4, promptpay: S4, qris: S4, rechnung: S4, revolut_pay: S4, satispay: S4, samsung_pay: S4, scalapay: S4, sepa_debit: S4, sequra: S4, shopeepay: S4, sofort: S4, south_korea_market: S4, sunbit: S4, swish: S4, twint: S4, upi: S4, vipps: S4, us_bank_account: S4, wero: S4, wechat_pay: S4, zip: S4 }, readOnly: true, terms: { applePay: true, auBecsDebit: true, bancontact: true, card: true, cashapp: true, googlePay: true, ideal: true, klarna: true, paypal: true, sepaDebit: true, sofort: true, usBankAccount: true }, wallets: { applePay: true, googlePay: true, link: true }, walletOptions: { emailRequired: true, phoneNumberRequired: true }, layout: true, applePay: true },
  "createConfirmationToken": { elements: true, params: { payment_method_data: { billing_details: { address: S2, email: true, name: true, phone: true }, allow_redisplay: true, metadata: true }, shipping: { address: S2, name: true, phone: true }, return_url: true, metadata: true } },
  "handleNextAction": { clientSecret: true, hashedValue: true },
};
// END generated options

// Where Stripe.js names the option to use instead.
const INSTEAD = {
  paymentMethodTypes: "allowedPaymentMethodTypes (paymentMethodTypes is not supported on the endive release train)",
  "params.billing_details": "params.payment_method_data.billing_details",
};

export function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// Refuses any key the types do not have at that place, at every level the shape spells out.
export function checkOptions(call, value, shape, prefix) {
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

export function checkOneOf(call, path, value, choices) {
  if (value !== undefined && choices.indexOf(value) < 0) {
    throw integrationError(
      "Invalid value for " + call + "(): " + path + " should be one of the following strings: " + choices.join(", ") + ". You specified: " + String(value) + "."
    );
  }
}
