// Stand-in for Salesforce's opencti_min.js (Open CTI for Lightning Experience), served by
// the test server at /support/api/<version>/lightning/opencti_min.js of any origin: the
// test loads it from the adapter page's `opencti` origin, as Salesforce serves the real one
// from the org's Visualforce origin.
//
// It implements these documented calls of `sforce.opencti`, each reported to the
// parent page (the stand-in Lightning page) as {standIn: 'opencti', method, args}:
//   enableClickToDial({callback}), onClickToDial({listener}),
//   searchAndScreenPop({searchParams, callType, callback}), saveLog({value, callback}),
//   setSoftphonePanelVisibility({visible, callback}), setSoftphonePanelHeight({heightPX, callback}),
//   and the constant CALL_TYPE {INBOUND, OUTBOUND, INTERNAL}.
// It also reports {method: 'loaded', args: {from}}: the origin it was loaded from.
// Callbacks get {success: true, returnValue}, as the real ones do on success. A click on a
// phone number arrives from the parent as {standIn: 'opencti', event: 'clickToDial', payload}
// and goes to the onClickToDial listeners with that payload ({number, recordId, …}).
(() => {
  // Lightning, the parent: the adapter page's allowed origin (the real script knows its own).
  const lightning = new URLSearchParams(location.search).get('origin');
  const listeners = [];
  const report = (method, args) => {
    const { callback, listener, ...data } = args ?? {};
    window.parent.postMessage({ standIn: 'opencti', method, args: data }, lightning);
    return callback;
  };
  const call = (method, returnValue = true) => (args) => {
    const callback = report(method, args);
    if (typeof callback === 'function') setTimeout(() => callback({ success: true, returnValue, errors: null }));
  };
  addEventListener('message', (event) => {
    // No check of the sender here: whatever the adapter page lets through reaches the
    // listeners, so the tests see the page's own origin check, not the stand-in's.
    if (event.data?.standIn !== 'opencti' || event.data.event !== 'clickToDial') return;
    for (const listener of listeners) listener(event.data.payload);
  });
  // Where the page loaded it from, for the test to check.
  report('loaded', { from: new URL(document.currentScript.src).origin });
  window.sforce = {
    opencti: {
      CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' },
      enableClickToDial: call('enableClickToDial'),
      onClickToDial: (args) => {
        listeners.push(args.listener);
        report('onClickToDial', args);
      },
      searchAndScreenPop: call('searchAndScreenPop', {}),
      saveLog: call('saveLog', { recordId: '00T000000000001' }),
      setSoftphonePanelVisibility: call('setSoftphonePanelVisibility'),
      setSoftphonePanelHeight: call('setSoftphonePanelHeight'),
    },
  };
})();
