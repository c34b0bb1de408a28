// The log form's one bit of behaviour: a form marked data-confirm (removing an entry) asks first, so a
// stray tap on a phone does not erase a conversation. Without JavaScript the form still works.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset ? event.target.dataset.confirm : undefined;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
