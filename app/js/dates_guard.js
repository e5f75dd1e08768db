// The page's dates guard (app/sidebar.py puts it last in the sidebar).
// Streamlit's date box applies typed dates only when it loses focus, and Enter opens its calendar.
// Enter applies them here. A download clicked while the dates on screen are not those of the page's
// last run (typed, not yet applied, or the page still running) would hold the previous dates: the
// click applies the dates, waits for the page to catch up, and is then made again on the new button.
// The page writes the range of its last run, "YYYY-MM-DD/YYYY-MM-DD" (never user text), into
// window.peruShownDates below.
window.peruShownDates = "SHOWN_DATES";
if (!window.peruDatesGuard) {
  window.peruDatesGuard = true;
  const box = '[data-testid="stSidebar"] [data-testid="stDateInputField"]';
  const buttons = () => [...document.querySelectorAll('[data-testid="stDownloadButton"] button')];
  const onScreen = () => [...document.querySelectorAll(box + ' input[type="date"]')].map(i => i.value).join("/");
  const running = () => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === "running";
  const caughtUp = () => onScreen() === window.peruShownDates && !running();
  document.addEventListener("keydown", event => {
    if (event.key === "Enter" && event.target.closest?.(box)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      // Escape is the box's own key that applies complete typed dates (and closes the calendar).
      event.target.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
    }
  }, true);
  document.addEventListener("click", event => {
    const button = event.target.closest?.('[data-testid="stDownloadButton"] button');
    if (!button || caughtUp()) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const which = buttons().indexOf(button);
    if (document.activeElement?.closest?.(box)) document.activeElement.blur();
    const asked = Date.now();
    let steady = 0;  // polls in a row the page has been caught up: its run has really ended
    const wait = setInterval(() => {
      steady = caughtUp() ? steady + 1 : 0;
      if (steady < 2 && Date.now() - asked < 60000) return;
      clearInterval(wait);
      if (steady >= 2) buttons()[which]?.click();
    }, 150);
  }, true);
}
