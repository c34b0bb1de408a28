// The application list's "tick every application on this page" box. Without JavaScript each row is
// ticked by hand; nothing else depends on this file.
document.querySelectorAll("input[data-ticks]").forEach((all) => {
  const boxes = () => all.form.querySelectorAll(`input[name="${all.dataset.ticks}"]`);
  all.addEventListener("change", () => {
    boxes().forEach((box) => { box.checked = all.checked; });
  });
  all.form.addEventListener("change", (event) => {
    if (event.target === all) return;
    const ticked = [...boxes()].filter((box) => box.checked).length;
    all.checked = ticked > 0 && ticked === boxes().length;
    all.indeterminate = ticked > 0 && ticked < boxes().length;
  });
});
