// After a failed submit, the error summary takes the focus, so screen readers read it first and
// keyboard users start there. Browsers that honour `autofocus` on the summary have done it already.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary || document.activeElement === summary) {
    return;
  }
  summary.focus();
  summary.scrollIntoView({block: "start"});
})();
