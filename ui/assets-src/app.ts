// Progressive enhancements on top of htmx. The portal works without this file; it only makes
// failures visible in place and keeps keyboard focus where a person expects it.

// The parts of htmx 4's event details this script reads.
interface HtmxEventDetail {
  ctx?: { response?: { status: number }; target?: Element | null };
}
type HtmxEvent = CustomEvent<HtmxEventDetail | undefined>;

interface Turnstile {
  render(element: Element): void;
}

declare global {
  interface Window {
    turnstile?: Turnstile;
  }
  interface DocumentEventMap {
    "htmx:error": HtmxEvent;
    "htmx:before:request": HtmxEvent;
    "htmx:after:request": HtmxEvent;
    "htmx:after:swap": HtmxEvent;
    "htmx:after:init": HtmxEvent;
  }
}

function liveRegion(): HTMLElement | null {
  return document.getElementById("live-error");
}

function announce(message: string): void {
  const region = liveRegion();
  if (!region) return;
  region.textContent = message;
  region.hidden = false;
  region.focus();
}

// A network failure or timeout would otherwise be a silent no-op.
document.addEventListener("htmx:error", (event) => {
  const region = liveRegion();
  if (!region) return;
  const status = event.detail?.ctx?.response?.status ?? 0;
  // 4xx/5xx answers carry their own message in the swapped fragment.
  if (status >= 400) return;
  announce(region.dataset.networkMessage || "Network error");
});

document.addEventListener("htmx:before:request", () => {
  const region = liveRegion();
  if (region) {
    region.hidden = true;
    region.textContent = "";
  }
});

// After a swap, move focus to the first field in error, or to a new step's heading.
document.addEventListener("htmx:after:swap", (event) => {
  const root: ParentNode = event.detail?.ctx?.target ?? document;
  const target = root.querySelector<HTMLElement>("[aria-invalid='true']") ?? root.querySelector<HTMLElement>("[data-focus-on-swap]");
  target?.focus();
});

// "Print receipt" prints in place when JavaScript runs; without it, the link opens the receipt.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (!link) return;
  event.preventDefault();
  window.print();
});

// Idle session: warn two minutes before the server ends it, offer to stay, and when it has ended
// land on the entry page with a message rather than an error.
function watchIdleSession(): void {
  const body = document.body;
  const idleSeconds = Number(body.dataset.sessionIdleSeconds);
  if (!idleSeconds) return;
  const warnAfter = Math.max(idleSeconds - 120, 1) * 1000;
  let warnTimer = 0;
  let endTimer = 0;
  let banner: HTMLElement | null = null;

  function removeBanner(): void {
    banner?.remove();
    banner = null;
  }

  function showBanner(): void {
    removeBanner();
    banner = document.createElement("div");
    banner.className = "alert alert-info session-warning";
    banner.setAttribute("role", "alertdialog");
    banner.setAttribute("aria-live", "assertive");
    const text = document.createElement("p");
    text.textContent = body.dataset.sessionWarning ?? "";
    const actions = document.createElement("div");
    actions.className = "actions";
    const stay = document.createElement("button");
    stay.type = "button";
    stay.className = "button";
    stay.textContent = body.dataset.staySignedIn ?? "";
    stay.addEventListener("click", () => {
      fetch("/portal/keepalive", { method: "POST", credentials: "same-origin" }).then((response) => {
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

  function restart(): void {
    removeBanner();
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = window.setTimeout(showBanner, warnAfter);
    // At the end, ask the server: it sends an ended session to the entry page with a message,
    // and simply serves the page again if another tab kept the session alive.
    endTimer = window.setTimeout(() => window.location.reload(), idleSeconds * 1000 + 1000);
  }

  document.addEventListener("htmx:after:request", restart);
  restart();
}
watchIdleSession();

// The help form's Turnstile widget (only with a real sitekey) is drawn by Cloudflare's script when
// the page loads; a form that htmx swaps in after an error needs its widget drawn again.
document.addEventListener("htmx:after:swap", () => {
  const turnstile = window.turnstile;
  if (!turnstile || typeof turnstile.render !== "function") return;
  document.querySelectorAll(".cf-turnstile").forEach((element) => {
    if (!element.querySelector("input[name='cf-turnstile-response']")) turnstile.render(element);
  });
});

// The list's selected total and the amounts step's total follow each change through htmx. On a
// slow first load a client can tick a box or type an amount before htmx listens to that field, and
// the change would send nothing until the next one. htmx announces each field as it starts
// listening (this script comes before htmx's in the page, so it hears every announcement): a field
// already changed from what the page was served with sends its change then. The same covers values
// the browser restores when the client comes back to the page.
function changedSinceServed(field: HTMLInputElement): boolean {
  return field.type === "checkbox" || field.type === "radio" ? field.checked !== field.defaultChecked : field.value !== field.defaultValue;
}
document.addEventListener("htmx:after:init", (event) => {
  const field = event.target;
  if (field instanceof HTMLInputElement && changedSinceServed(field)) field.dispatchEvent(new Event("change", { bubbles: true }));
});

// On a new page: focus the first field in error, or, when arriving from another portal page,
// the step's heading, so keyboard and screen-reader users start where the new content is.
function focusOnArrival(): void {
  const invalid = document.querySelector<HTMLElement>("[aria-invalid='true']");
  if (invalid) {
    invalid.focus();
    return;
  }
  const sameSite = document.referrer !== "" && document.referrer.startsWith(`${window.location.origin}/`);
  // The outcome of the form just posted (e.g. "a copy is on its way") comes before the heading.
  const heading = document.querySelector<HTMLElement>("main [data-focus-on-load]") ?? document.querySelector<HTMLElement>("main h1[data-focus-on-swap]");
  if (sameSite && heading) heading.focus({ preventScroll: true });
}
focusOnArrival();

export {};
