// Starts GOV.UK Frontend's JavaScript components. Load with
// <script type="module" src="/static/govuk/init.js"></script>
import {
  Accordion, Button, CharacterCount, Checkboxes, ErrorSummary, ExitThisPage, FileUpload,
  NotificationBanner, PasswordInput, Radios, ServiceNavigation, SkipLink, Tabs, createAll,
} from "./govuk-frontend.min.js";

// GOV.UK Frontend marks a radio that reveals a field with aria-expanded, which ARIA does not allow on a
// radio (axe: aria-allowed-attr, critical; govuk-frontend issue 979). Reveal the same way, without it:
// the revealed field follows its radio, so it is the next thing a keyboard or screen reader reaches.
class RevealingRadios extends Radios {
  syncConditionalRevealWithInputState(input) {
    const id = input.getAttribute("aria-controls");
    const revealed = id && document.getElementById(id);
    if (revealed && revealed.classList.contains("govuk-radios__conditional")) {
      revealed.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
    }
  }
}

document.body.classList.add("js-enabled", "govuk-frontend-supported");
for (const Component of [
  Accordion, Button, CharacterCount, Checkboxes, ErrorSummary, ExitThisPage, FileUpload,
  NotificationBanner, PasswordInput, RevealingRadios, ServiceNavigation, SkipLink, Tabs,
]) {
  createAll(Component);
}
