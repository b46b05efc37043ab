// Report view: turns button clicks into messages for the extension. No inline handlers (CSP).
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (target) vscode.postMessage({ action: target.getAttribute('data-action') });
  });
})();
