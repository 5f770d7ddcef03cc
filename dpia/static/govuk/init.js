// Starts GOV.UK Frontend's JavaScript components. Load with
// <script type="module" src="/static/govuk/init.js"></script>
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
