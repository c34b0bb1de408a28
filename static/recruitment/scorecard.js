// The scorecard's one bit of behaviour: Submit makes a scorecard final, so it asks first.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
