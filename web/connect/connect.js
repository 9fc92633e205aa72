// The connect page works without this script; it only adds a busy state to the button while
// the platform's page loads, and the "Try again" of a failed callback (back to the form).
for (const form of document.querySelectorAll('form')) {
  form.addEventListener('submit', () => form.querySelector('button[type=submit]').setAttribute('aria-busy', 'true'));
}
for (const back of document.querySelectorAll('[data-back]')) {
  if (history.length < 2) back.hidden = true;
  back.addEventListener('click', () => history.back());
}
