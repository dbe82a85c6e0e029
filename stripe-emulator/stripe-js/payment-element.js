// The Payment Element: card and bank panels, validation as the customer types, and what
// createConfirmationToken sends.
import { el, integrationError, nextId } from "./util.js";
import { FIELDS, fieldError, neverCollected } from "./fields.js";

export function createPaymentElement(group, options) {
  var id = nextId();
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
