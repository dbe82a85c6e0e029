/*
 * Stripe.js stand-in for the local Stripe emulator (test mode only, never production).
 * Served by the emulator at /v3/ as one classic script, bundled from these modules by
 * stripe-emulator/stripe-js-build.ts; the portal loads it with <script src="http://127.0.0.1:12111/v3/">
 * only when configured to use the emulator. It implements exactly the calls the portal makes:
 *   Stripe(pk).elements({ mode: "payment", amount, currency, paymentMethodCreation: "manual",
 *     allowedPaymentMethodTypes }), elements.create("payment"), element.mount/unmount/on,
 *   elements.update({ amount }), elements.submit(), stripe.createConfirmationToken({ elements, params }),
 *   stripe.handleNextAction({ clientSecret }), stripe.retrievePaymentIntent(clientSecret).
 * The host page has a strict CSP: no style attributes, no <style>, no eval. Everything is built
 * with DOM APIs and carries `sx-` class names for the page to style.
 *
 * As strict as Stripe.js for those calls: an option the published @stripe/stripe-js types do not
 * have there (OPTIONS in options.js, generated from the types) throws an IntegrationError naming it, and a
 * billing detail the Payment Element was told not to collect (fields.billingDetails.X: "never")
 * must be passed to createConfirmationToken. Labels and messages follow `locale` (en, es).
 */
// Stripe()
import { API_VERSION, ORIGIN, api, digits, integrationError } from "./util.js";
import { OPTIONS, checkOptions } from "./options.js";
import { STRINGS, resolveLocale } from "./strings.js";
import { parseExpiry } from "./fields.js";
import { createElements } from "./elements.js";
import { showChallenge } from "./challenge.js";

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
            'You specified "never" for ' +
              option +
              " when creating the payment Element, but did not pass " +
              "params.payment_method_data.billing_details." +
              path +
              " when calling stripe.createConfirmationToken(). " +
              "If you opt out of collecting data via the payment Element using the fields option, the data must be passed in when calling stripe.createConfirmationToken().",
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
