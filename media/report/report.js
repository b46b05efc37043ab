// Report view: turns button clicks into messages for the extension. No inline handlers (CSP).
(function () {
  const vscode = acquireVsCodeApi();
  /** A step of the flow diagram: the extension opens its decoded report. */
  function openStep(target) {
    const step = Number(target.getAttribute('data-step'));
    if (Number.isInteger(step)) vscode.postMessage({ action: 'openStep', step: step });
  }
  document.addEventListener('click', (event) => {
    if (!(event.target instanceof Element)) return;
    const button = event.target.closest('button[data-action]');
    if (button) {
      vscode.postMessage({ action: button.getAttribute('data-action') });
      return;
    }
    const step = event.target.closest('[data-step]');
    if (step) openStep(step);
  });
  document.addEventListener('keydown', (event) => {
    if ((event.key === 'Enter' || event.key === ' ') && event.target instanceof Element && event.target.matches('[data-step]')) {
      event.preventDefault();
      openStep(event.target);
    }
  });
})();
