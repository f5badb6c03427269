// zendesk_app_framework_sdk ships no types: its one export, as zendesk.ts uses it.
declare module 'zendesk_app_framework_sdk' {
  const ZAFClient: { init(callback?: (context: unknown) => void): unknown };
  export default ZAFClient;
}
