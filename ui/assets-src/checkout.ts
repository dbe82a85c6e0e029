// Payment details (step 7) and 3D Secure (after confirm). Card and bank numbers are typed into
// Stripe's Payment Element and go straight to Stripe; this script only ever sees the
// ConfirmationToken id, which it posts with the receipt email to the portal.
// Stripe.js itself comes from its own <script> tag (window.Stripe); only its types are imported.
import type { Stripe, StripeElementLocale, StripeError } from "@stripe/stripe-js";
import { isPayMethod, PAYMENT_METHODS } from "../../worker/domain/payment-methods";

function showError(box: HTMLElement | null, message: string): void {
  if (!box) return;
  box.textContent = message;
  box.hidden = false;
  box.focus();
}

// Stripe's labels and messages follow the page's language ("es" pages get Spanish fields). The
// portal's language codes are Stripe locales too.
function pageLocale(): StripeElementLocale {
  return (document.documentElement.lang || "auto") as StripeElementLocale;
}

function loadStripe(form: HTMLFormElement): Stripe | null {
  if (typeof window.Stripe !== "function") return null;
  return window.Stripe(form.dataset.publishableKey ?? "", { locale: pageLocale() });
}

function setupDetails(form: HTMLFormElement): void {
  const errorBox = document.getElementById("details-error");
  const submit = document.getElementById("details-submit") as HTMLButtonElement;
  const loadFailed = form.dataset.loadFailed ?? "";
  const method = form.dataset.method;
  const stripe = loadStripe(form);
  if (!stripe || !isPayMethod(method)) {
    showError(errorBox, loadFailed);
    return;
  }
  const elements = stripe.elements({
    mode: "payment",
    amount: Number(form.dataset.amount),
    currency: "usd",
    paymentMethodCreation: "manual",
    // Our method name, as the provider calls it (the method table in worker/domain).
    allowedPaymentMethodTypes: [PAYMENT_METHODS[method].providerType],
  });
  // The receipt email is the portal's own field (it also addresses our receipt), so the Payment
  // Element does not ask for it again; it is passed to the token below, where Stripe requires it.
  // The account holder's name (ACH) is collected by the Element, which knows when a method needs it.
  const paymentElement = elements.create("payment", {
    wallets: { link: "never", applePay: "never", googlePay: "never" },
    fields: { billingDetails: { email: "never" } },
  });
  const container = document.getElementById("payment-element") as HTMLElement;
  container.textContent = "";
  paymentElement.mount(container);
  paymentElement.on("ready", () => {
    submit.disabled = false;
  });

  const emailInput = form.querySelector<HTMLInputElement>("#email");
  const tokenInput = form.querySelector<HTMLInputElement>("input[name=confirmationToken]");
  let busy = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) return; // a double click sends one token, not two
    // Stripe needs a usable email on the token: ask for it here, keeping what was typed in the Element.
    if (emailInput && !emailInput.checkValidity()) {
      emailInput.setAttribute("aria-invalid", "true");
      showError(errorBox, form.dataset.emailInvalid ?? loadFailed);
      emailInput.focus();
      return;
    }
    emailInput?.setAttribute("aria-invalid", "false");
    busy = true;
    submit.disabled = true;
    submit.classList.add("htmx-request");
    if (errorBox) errorBox.hidden = true;
    const email = emailInput?.value.trim() ?? "";
    elements
      .submit()
      .then((submitted) => {
        if (submitted.error) throw submitted.error;
        return stripe.createConfirmationToken({
          elements,
          params: {
            payment_method_data: { billing_details: { email } },
            return_url: `${window.location.origin}/portal/review`,
          },
        });
      })
      .then((result) => {
        if (result.error) throw result.error;
        if (tokenInput) tokenInput.value = result.confirmationToken.id;
        HTMLFormElement.prototype.submit.call(form);
      })
      .catch((error: Partial<StripeError> | undefined) => {
        busy = false;
        submit.disabled = false;
        submit.classList.remove("htmx-request");
        showError(errorBox, error?.message || loadFailed);
      });
  });
}

function setupNextAction(form: HTMLFormElement): void {
  const clientSecret = form.dataset.clientSecret;
  const stripe = clientSecret ? loadStripe(form) : null;
  if (!stripe || !clientSecret) return;
  // Whatever the bank answers, the portal asks Stripe itself how the payment ended.
  const refresh = () => HTMLFormElement.prototype.submit.call(form);
  stripe.handleNextAction({ clientSecret }).then(refresh, refresh);
}

function start(): void {
  const details = document.getElementById("details-form");
  if (details instanceof HTMLFormElement) setupDetails(details);
  const nextAction = document.getElementById("next-action-form");
  if (nextAction instanceof HTMLFormElement) setupNextAction(nextAction);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
