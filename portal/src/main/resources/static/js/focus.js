// After a form comes back with errors, put the keyboard focus on the first field to fix (or on the summary of
// errors that belong to no field), so keyboard and screen-reader users start where the work is (WCAG 3.3.1).
// Loaded from a file, never inline: the portal's CSP allows scripts from 'self' only.
document.addEventListener('DOMContentLoaded', function () {
  var target = document.querySelector('[aria-invalid="true"]') || document.querySelector('.form-errors');
  if (target) {
    target.focus();
  }
});
