// Fellowship applications: a live word count under each essay, and the application list's "tick every
// application on this page" box. The server counts words too and refuses an essay that is too long;
// without JavaScript the help text states the limit and each row is ticked by hand.
document.querySelectorAll("textarea[data-word-limit]").forEach((essay) => {
  const limit = Number(essay.dataset.wordLimit);
  const counter = document.createElement("div");
  counter.className = "form-text";
  counter.id = `${essay.id}_words`;
  essay.insertAdjacentElement("afterend", counter);
  // Read with the field when it gets focus, not announced at every keystroke.
  const described = essay.getAttribute("aria-describedby");
  essay.setAttribute("aria-describedby", described ? `${described} ${counter.id}` : counter.id);
  const update = () => {
    const words = essay.value.trim() ? essay.value.trim().split(/\s+/).length : 0;
    const over = words - limit;
    counter.textContent = over > 0 ? `${words} of ${limit} words: ${over} too many` : `${words} of ${limit} words`;
    counter.classList.toggle("text-danger", over > 0);
    counter.classList.toggle("fw-semibold", over > 0);
  };
  essay.addEventListener("input", update);
  update();
});

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
