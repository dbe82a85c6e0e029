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
  // Field definitions and client-side validation (messages follow Stripe Elements).

  var FIELDS = {
    card: [
      { name: "number", label: "Card number", autocomplete: "cc-number", numeric: true, placeholder: "1234 1234 1234 1234", maxLength: 23 },
      { name: "expiry", label: "Expiration (MM/YY)", autocomplete: "cc-exp", numeric: true, placeholder: "MM/YY", maxLength: 7 },
      { name: "cvc", label: "CVC", autocomplete: "cc-csc", numeric: true, placeholder: "123", maxLength: 4 },
    ],
    us_bank_account: [
      { name: "account_holder_name", label: "Account holder name", autocomplete: "name", numeric: false, placeholder: "", maxLength: 100 },
      { name: "routing_number", label: "Routing number", autocomplete: "off", numeric: true, placeholder: "110000000", maxLength: 9 },
      { name: "account_number", label: "Account number", autocomplete: "off", numeric: true, placeholder: "000123456789", maxLength: 17 },
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

  function fieldError(name, raw, values) {
    var value = String(raw || "").trim();
    var d = digits(value);
    switch (name) {
      case "number": {
        if (!d) return { code: "incomplete_number", message: "Your card number is incomplete." };
        if (!/^\d+$/.test(d)) return { code: "invalid_number", message: "Your card number is invalid." };
        var wanted = brandOf(d) === "amex" ? 15 : 16;
        if (d.length < wanted) return { code: "incomplete_number", message: "Your card number is incomplete." };
        if (d.length > wanted || !luhn(d)) return { code: "invalid_number", message: "Your card number is invalid." };
        return null;
      }
      case "expiry": {
        if (!value) return { code: "incomplete_expiry", message: "Your card's expiration date is incomplete." };
        var expiry = parseExpiry(value);
        if (!expiry) return { code: "incomplete_expiry", message: "Your card's expiration date is incomplete." };
        if (expiry.month < 1 || expiry.month > 12) return { code: "invalid_expiry_month", message: "Your card's expiration date is invalid." };
        var now = new Date();
        var year = now.getFullYear();
        if (expiry.year < year) return { code: "invalid_expiry_year_past", message: "Your card's expiration year is in the past." };
        if (expiry.year === year && expiry.month < now.getMonth() + 1) {
          return { code: "invalid_expiry_month_past", message: "Your card's expiration date is in the past." };
        }
        if (expiry.year > year + 50) return { code: "invalid_expiry_year", message: "Your card's expiration year is invalid." };
        return null;
      }
      case "cvc": {
        var cvcLength = brandOf(digits(values.number)) === "amex" ? 4 : 3;
        if (!/^\d*$/.test(d)) return { code: "invalid_cvc", message: "Your card's security code is invalid." };
        if (d.length < cvcLength) return { code: "incomplete_cvc", message: "Your card's security code is incomplete." };
        if (d.length > cvcLength) return { code: "invalid_cvc", message: "Your card's security code is invalid." };
        return null;
      }
      case "account_holder_name":
        return value ? null : { code: "incomplete_name", message: "Enter the account holder's name." };
      case "routing_number":
        if (!/^\d*$/.test(d)) return { code: "invalid_routing_number", message: "Your routing number is invalid." };
        if (d.length < 9) return { code: "incomplete_routing_number", message: "Your routing number is incomplete." };
        if (d.length > 9 || !abaChecksum(d)) return { code: "invalid_routing_number", message: "Your routing number is invalid." };
        return null;
      case "account_number":
        if (!/^\d*$/.test(d)) return { code: "invalid_account_number", message: "Your account number is invalid." };
        if (d.length < 4) return { code: "incomplete_account_number", message: "Your account number is incomplete." };
        if (d.length > 17) return { code: "invalid_account_number", message: "Your account number is invalid." };
        return null;
    }
    return null;
  }

  // ---------------------------------------------------------------------------
  // The Payment Element

  function createPaymentElement(group, options) {
    var id = ++nextId;
    var prefix = "sx-" + id + "-";
    var handlers = {};
    var values = {};
    var defaults = (options && options.defaultValues && options.defaultValues.billingDetails) || {};
    if (defaults.name) values.account_holder_name = String(defaults.name);
    var state = { type: group._allowed()[0], container: null, root: null, inputs: {}, errors: {}, destroyed: false };

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
      var fields = FIELDS[state.type];
      var found = [];
      for (var i = 0; i < fields.length; i++) {
        var error = fieldError(fields[i].name, values[fields[i].name], values);
        if (error) found.push({ field: fields[i].name, error: error });
      }
      return found;
    }

    function isEmpty() {
      var fields = FIELDS[state.type];
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
      var wrapper = el("div", "sx-field sx-field-" + field.name.replace(/_/g, "-"));
      var input = el("input", "sx-input");
      input.id = prefix + field.name.replace(/_/g, "-");
      input.name = field.name;
      input.type = "text";
      input.autocomplete = field.autocomplete;
      input.maxLength = field.maxLength;
      input.spellcheck = false;
      if (field.placeholder) input.placeholder = field.placeholder;
      if (field.numeric) input.setAttribute("inputmode", "numeric");
      input.setAttribute("aria-describedby", input.id + "-error");
      input.setAttribute("aria-invalid", "false");
      input.value = values[field.name] || "";
      var label = el("label", "sx-label", field.label);
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
        if (String(input.value).trim()) showError(field.name, fieldError(field.name, input.value, values));
      });
      state.inputs[field.name] = input;
      state.errors[field.name] = message;
      wrapper.appendChild(label);
      wrapper.appendChild(input);
      wrapper.appendChild(message);
      return wrapper;
    }

    function render() {
      var allowed = group._allowed();
      if (allowed.indexOf(state.type) < 0) state.type = allowed[0];
      var root = el("div", "sx-payment-element");
      root.appendChild(el("p", "sx-test-note", "Test mode: Stripe emulator"));
      state.inputs = {};
      state.errors = {};

      if (allowed.length > 1) {
        var fieldset = el("fieldset", "sx-methods");
        fieldset.appendChild(el("legend", "sx-legend", "Payment method"));
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
          var label = el("label", "sx-radio-label", type === "card" ? "Card" : "US bank account (ACH)");
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
        FIELDS[type].forEach(function (field) {
          panel.appendChild(buildField(field));
        });
        if (type === "us_bank_account") panel.appendChild(bankEntryChoice());
        if (type === "us_bank_account") {
          panel.appendChild(
            el(
              "p",
              "sx-mandate",
              "By providing your bank account details you authorize this payment to be debited from that account by ACH (test mode: no real debit happens)."
            )
          );
        }
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
        return element;
      },
      focus: function () {
        var first = state.inputs[FIELDS[state.type][0].name];
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
      _validate: function (show) {
        var errors = currentErrors();
        if (show) {
          FIELDS[state.type].forEach(function (field) {
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

  function createElements(options) {
    options = options || {};
    if (Object.prototype.hasOwnProperty.call(options, "paymentMethodTypes")) {
      throw integrationError("The paymentMethodTypes option is not supported on Stripe.js endive: use allowedPaymentMethodTypes.");
    }
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

    var settings = { amount: options.amount, currency: currency, allowed: allowedFrom(options.allowedPaymentMethodTypes) };
    var group = {
      _element: null,
      _submitted: false,
      _allowed: function () {
        return settings.allowed.slice();
      },
      _settings: function () {
        return { amount: settings.amount, currency: settings.currency };
      },
      create: function (type, elementOptions) {
        if (type !== "payment") throw integrationError('The Stripe emulator supports elements.create("payment") only.');
        if (group._element) throw integrationError("Can only create one Element of type payment.");
        group._element = createPaymentElement(group, elementOptions || {});
        return group._element;
      },
      getElement: function (type) {
        return type === "payment" ? group._element : null;
      },
      update: function (changes) {
        changes = changes || {};
        if (Object.prototype.hasOwnProperty.call(changes, "paymentMethodTypes")) {
          throw integrationError("The paymentMethodTypes option is not supported on Stripe.js endive: use allowedPaymentMethodTypes.");
        }
        if (changes.amount !== undefined) {
          checkAmount(changes.amount);
          settings.amount = changes.amount;
        }
        if (changes.allowedPaymentMethodTypes) {
          settings.allowed = allowedFrom(changes.allowedPaymentMethodTypes);
          group._submitted = false;
          if (group._element) group._element._rerender();
        }
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

  function showChallenge(paymentIntent) {
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
      var title = el("h2", "sx-3ds-title", "Confirm this payment with your bank");
      title.id = id + "-title";
      var description = el(
        "p",
        "sx-3ds-description",
        "Your bank asks you to authenticate the payment of " + formatAmount(paymentIntent.amount, paymentIntent.currency) + "."
      );
      description.id = id + "-description";
      var note = el("p", "sx-test-note", "Test mode: Stripe emulator. This stands in for the bank's 3D Secure check.");
      var actions = el("div", "sx-3ds-actions");
      var approve = el("button", "sx-button sx-button-primary", "Complete authentication");
      approve.type = "button";
      var fail = el("button", "sx-button", "Fail authentication");
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

  function createStripe(publishableKey) {
    function retrieve(clientSecret) {
      var intentId = String(clientSecret).split("_secret_")[0];
      return api("GET", "/v1/payment_intents/" + encodeURIComponent(intentId), {
        key: publishableKey,
        client_secret: clientSecret,
      });
    }

    return {
      elements: function (options) {
        return createElements(options);
      },

      createConfirmationToken: function (options) {
        if (!options || !options.elements || typeof options.elements.submit !== "function") {
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
        var billing = {};
        var given = [params.billing_details, params.payment_method_data && params.payment_method_data.billing_details];
        given.forEach(function (source) {
          if (!source) return;
          Object.keys(source).forEach(function (key) {
            billing[key] = source[key];
          });
        });
        var values = element._values();
        var type = element._type();
        var data = { type: type, billing_details: billing };
        if (type === "card") {
          var expiry = parseExpiry(values.expiry || "") || { month: 0, year: 0 };
          data.card = { number: digits(values.number), exp_month: expiry.month, exp_year: expiry.year, cvc: digits(values.cvc) };
        } else {
          if (!billing.name) billing.name = String(values.account_holder_name || "").trim();
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
          return showChallenge(intent)
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
                    message: last.message || "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
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
    return createStripe(publishableKey, options || {});
  }
  Stripe.version = "endive";
  Stripe.emulator = { origin: ORIGIN };

  window.Stripe = Stripe;
})();
