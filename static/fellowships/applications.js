// Fellowship applications: a live word count under each essay, and the application list's "tick every
// application on this page" box. The server counts words too and refuses an essay that is too long;
// without JavaScript the help text states the limit and each row is ticked by hand.
document.querySelectorAll("textarea[data-word-limit]").forEach((essay) => {
  const limit = Number(essay.dataset.wordLimit);
  // The field's help text ("Up to 500 words.") becomes the count, read with the field when it gets focus
  // (it is already in its aria-describedby) rather than announced at every keystroke.
  let counter = document.getElementById(`${essay.id}_helptext`);
  if (!counter) {
    counter = document.createElement("div");
    counter.className = "form-text";
    counter.id = `${essay.id}_helptext`;
    essay.insertAdjacentElement("afterend", counter);
    essay.setAttribute("aria-describedby", counter.id);
  }
  const update = () => {
    const text = essay.value.trim();
    const words = text ? text.split(/\s+/).length : 0;
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
