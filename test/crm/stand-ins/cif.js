// Stand-in for Dynamics 365's msdyn_ciLibrary.js (Channel Integration Framework 1.0),
// served by the test server at /webresources/Widget/msdyn_ciLibrary.js of the stand-in
// org (the test page's origin), as Dynamics serves the real one from the org.
//
// It implements these documented calls of `Microsoft.CIFramework`, each reported to the
// parent page (the stand-in Unified Interface) as {standIn: 'cif', method, args}, each
// returning a Promise as the real ones do:
//   setClickToAct(value), addHandler(eventName, handler), setMode(mode),
//   searchAndOpenRecords(entityLogicalName, queryParameters, searchOnly) → JSON text of the matches,
//   createRecord(entityLogicalName, data) → JSON text {id},
// and, once loaded, the window event CIFInitDone. The parent raises a documented event
// with {standIn: 'cif', event: 'onclicktoact', data}: the handlers added for it get `data`
// (the JSON text of {value, name, format, entityLogicalName}).
(() => {
  const org = document.currentScript.dataset.crmurl;
  const handlers = new Map();
  const report = (method, args) => window.parent.postMessage({ standIn: 'cif', method, args }, org);
  addEventListener('message', (event) => {
    // No check of the sender here: whatever the adapter page lets through reaches the
    // handlers, so the tests see the page's own origin check, not the stand-in's.
    if (event.data?.standIn !== 'cif' || typeof event.data.event !== 'string') return;
    for (const handler of handlers.get(event.data.event) ?? []) handler(event.data.data);
  });
  window.Microsoft = {
    CIFramework: {
      setClickToAct: async (value) => report('setClickToAct', [value]),
      addHandler: async (name, handler) => {
        handlers.set(name, [...(handlers.get(name) ?? []), handler]);
        report('addHandler', [name]);
      },
      setMode: async (mode) => report('setMode', [mode]),
      searchAndOpenRecords: async (entity, query, searchOnly) => {
        report('searchAndOpenRecords', [entity, query, searchOnly]);
        return JSON.stringify({ 0: { contactid: 'c-1', fullname: 'Stand-in Contact' } });
      },
      createRecord: async (entity, data) => {
        report('createRecord', [entity, data]);
        return JSON.stringify({ id: 'pc-1' });
      },
    },
  };
  setTimeout(() => dispatchEvent(new Event('CIFInitDone')));
})();
