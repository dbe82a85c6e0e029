// Progressive enhancements on top of htmx. The portal works without this file; it only makes
// failures visible in place and keeps keyboard focus where a person expects it.
(function () {
  "use strict";

  function announce(message) {
    var region = document.getElementById("live-error");
    if (!region) return;
    region.textContent = message;
    region.hidden = false;
    region.focus();
  }

  // A network failure or timeout would otherwise be a silent no-op.
  document.addEventListener("htmx:error", function (event) {
    var region = document.getElementById("live-error");
    if (!region) return;
    var detail = event.detail || {};
    var status = detail.ctx && detail.ctx.response ? detail.ctx.response.status : 0;
    // 4xx/5xx answers carry their own message in the swapped fragment.
    if (status >= 400) return;
    announce(region.getAttribute("data-network-message") || "Network error");
  });

  document.addEventListener("htmx:before:request", function () {
    var region = document.getElementById("live-error");
    if (region) {
      region.hidden = true;
      region.textContent = "";
    }
  });

  // After a swap, move focus to the first field in error, or to a new step's heading.
  document.addEventListener("htmx:after:swap", function (event) {
    var root = (event.detail && event.detail.ctx && event.detail.ctx.target) || document;
    var target =
      (root.querySelector && root.querySelector("[aria-invalid='true']")) ||
      (root.querySelector && root.querySelector("[data-focus-on-swap]"));
    if (target && typeof target.focus === "function") target.focus();
  });
})();

// "Print receipt" prints in place when JavaScript runs; without it, the link opens the receipt.
document.addEventListener("click", function (event) {
  var link = event.target && event.target.closest ? event.target.closest("[data-print]") : null;
  if (!link) return;
  event.preventDefault();
  window.print();
});

// Idle session: warn two minutes before the server ends it, offer to stay, and when it has ended
// land on the entry page with a message rather than an error.
(function () {
  var body = document.body;
  var idleSeconds = Number(body.getAttribute("data-session-idle-seconds"));
  if (!idleSeconds) return;
  var warnAfter = Math.max(idleSeconds - 120, 1) * 1000;
  var warnTimer = 0;
  var endTimer = 0;
  var banner = null;

  function removeBanner() {
    if (banner) banner.remove();
    banner = null;
  }

  function showBanner() {
    removeBanner();
    banner = document.createElement("div");
    banner.className = "alert alert-info session-warning";
    banner.setAttribute("role", "alertdialog");
    banner.setAttribute("aria-live", "assertive");
    var text = document.createElement("p");
    text.textContent = body.getAttribute("data-session-warning");
    var actions = document.createElement("div");
    actions.className = "actions";
    var stay = document.createElement("button");
    stay.type = "button";
    stay.className = "button";
    stay.textContent = body.getAttribute("data-stay-signed-in");
    stay.addEventListener("click", function () {
      fetch("/portal/keepalive", { method: "POST", credentials: "same-origin" }).then(function (response) {
        if (response.status === 204) restart();
        else window.location.assign("/?ended=idle");
      });
    });
    actions.appendChild(stay);
    banner.appendChild(text);
    banner.appendChild(actions);
    banner.id = "session-warning";
    banner.setAttribute("aria-labelledby", "session-warning-text");
    text.id = "session-warning-text";
    document.body.appendChild(banner);
    stay.focus();
  }

  function restart() {
    removeBanner();
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(showBanner, warnAfter);
    // At the end, ask the server: it sends an ended session to the entry page with a message,
    // and simply serves the page again if another tab kept the session alive.
    endTimer = setTimeout(function () {
      window.location.reload();
    }, idleSeconds * 1000 + 1000);
  }

  document.addEventListener("htmx:after:request", restart);
  restart();
})();

// The help form's Turnstile widget (only with a real sitekey) is drawn by Cloudflare's script when
// the page loads; a form that htmx swaps in after an error needs its widget drawn again.
document.addEventListener("htmx:after:swap", function () {
  var turnstile = window.turnstile;
  if (!turnstile || typeof turnstile.render !== "function") return;
  document.querySelectorAll(".cf-turnstile").forEach(function (element) {
    if (!element.querySelector("input[name='cf-turnstile-response']")) turnstile.render(element);
  });
});

// On a new page: focus the first field in error, or, when arriving from another portal page,
// the step's heading, so keyboard and screen-reader users start where the new content is.
(function () {
  var invalid = document.querySelector("[aria-invalid='true']");
  if (invalid) {
    invalid.focus();
    return;
  }
  var sameSite = document.referrer && document.referrer.indexOf(window.location.origin + "/") === 0;
  // The outcome of the form just posted (e.g. "a copy is on its way") comes before the heading.
  var heading = document.querySelector("main [data-focus-on-load]") || document.querySelector("main h1[data-focus-on-swap]");
  if (sameSite && heading) heading.focus({ preventScroll: true });
})();
