// Payment details (step 7) and 3D Secure (after confirm). Card and bank numbers are typed into
// Stripe's Payment Element and go straight to Stripe; this script only ever sees the
// ConfirmationToken id, which it posts with the receipt email to the portal.
(function () {
  "use strict";

  function showError(box, message) {
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
    box.focus();
  }

  function setupDetails(form) {
    var errorBox = document.getElementById("details-error");
    var submit = document.getElementById("details-submit");
    if (typeof window.Stripe !== "function") {
      showError(errorBox, form.getAttribute("data-load-failed"));
      return;
    }
    var stripe = window.Stripe(form.getAttribute("data-publishable-key"), { locale: form.getAttribute("data-locale") || "auto" });
    var methodType = form.getAttribute("data-method-type");
    var elements = stripe.elements({
      mode: "payment",
      amount: Number(form.getAttribute("data-amount")),
      currency: "usd",
      paymentMethodCreation: "manual",
      allowedPaymentMethodTypes: [methodType],
    });
    var paymentElement = elements.create("payment", {
      wallets: { link: "never", applePay: "never", googlePay: "never" },
      fields: { billingDetails: { email: "never" } },
    });
    var container = document.getElementById("payment-element");
    container.textContent = "";
    paymentElement.mount(container);
    paymentElement.on("ready", function () {
      submit.disabled = false;
    });

    var busy = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return; // a double click sends one token, not two
      busy = true;
      submit.disabled = true;
      submit.classList.add("htmx-request");
      errorBox.hidden = true;
      var email = form.querySelector("#email").value.trim();
      elements
        .submit()
        .then(function (result) {
          if (result.error) throw result.error;
          return stripe.createConfirmationToken({
            elements: elements,
            params: { billing_details: { email: email }, return_url: window.location.origin + "/portal/review" },
          });
        })
        .then(function (result) {
          if (result.error) throw result.error;
          form.querySelector("input[name=confirmationToken]").value = result.confirmationToken.id;
          HTMLFormElement.prototype.submit.call(form);
        })
        .catch(function (error) {
          busy = false;
          submit.disabled = false;
          submit.classList.remove("htmx-request");
          showError(errorBox, (error && error.message) || form.getAttribute("data-load-failed"));
        });
    });
  }

  function setupNextAction(form) {
    var secret = form.getAttribute("data-client-secret");
    if (!secret || typeof window.Stripe !== "function") return;
    var stripe = window.Stripe(form.getAttribute("data-publishable-key"));
    // Whatever the bank answers, the portal asks Stripe itself how the payment ended.
    stripe.handleNextAction({ clientSecret: secret }).then(
      function () {
        HTMLFormElement.prototype.submit.call(form);
      },
      function () {
        HTMLFormElement.prototype.submit.call(form);
      },
    );
  }

  function start() {
    var details = document.getElementById("details-form");
    if (details) setupDetails(details);
    var nextAction = document.getElementById("next-action-form");
    if (nextAction) setupNextAction(nextAction);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
