// Loaded first by csp-page.html, before any of our code: keeps every Content
// Security Policy violation of the page for csp.test.ts to read.
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
});
