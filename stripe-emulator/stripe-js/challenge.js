// 3D Secure challenge: an in-page modal dialog (no iframe, no inline styles).
import { el, formatAmount, nextId } from "./util.js";

export function showChallenge(paymentIntent, strings) {
  return new Promise(function (resolve) {
    var previous = document.activeElement;
    var id = "sx-3ds-" + nextId();
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
