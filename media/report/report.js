// Report view: turns button clicks into messages for the extension. No inline handlers (CSP).
(function () {
  const vscode = acquireVsCodeApi();
  /** A step of the flow diagram: the extension opens its decoded report. */
  function openStep(target) {
    const step = Number(target.getAttribute('data-step'));
    if (Number.isInteger(step)) vscode.postMessage({ action: 'openStep', step: step });
  }
  /** A shortened ID: show all of it, select it (a copy then takes all of it) and copy it when the clipboard allows. */
  function openId(id) {
    id.classList.add('expanded');
    const selection = window.getSelection();
    if (selection) selection.selectAllChildren(id);
    const text = id.textContent || '';
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(
        () => id.classList.add('copied'),
        () => undefined,
      );
    }
  }
  document.addEventListener('click', (event) => {
    if (!(event.target instanceof Element)) return;
    const id = event.target.closest('.id');
    if (id) {
      openId(id);
      return;
    }
    const button = event.target.closest('button[data-action]');
    if (button) {
      vscode.postMessage({ action: button.getAttribute('data-action') });
      return;
    }
    const step = event.target.closest('[data-step]');
    if (step) openStep(step);
  });
  document.addEventListener('keydown', (event) => {
    if ((event.key === 'Enter' || event.key === ' ') && event.target instanceof Element && event.target.matches('.id')) {
      event.preventDefault();
      openId(event.target);
      return;
    }
    if ((event.key === 'Enter' || event.key === ' ') && event.target instanceof Element && event.target.matches('[data-step]')) {
      event.preventDefault();
      openStep(event.target);
    }
  });
})();
