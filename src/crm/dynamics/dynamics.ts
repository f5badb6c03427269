/**
 * Dynamics 365 Channel Integration Framework (1.0): dist/crm/dynamics/index.html, the
 * channel provider's URL (`…/index.html?origin=https://acme.crm.dynamics.com`). The
 * framework, `Microsoft.CIFramework`, comes from the org itself at run time
 * (`/webresources/Widget/msdyn_ciLibrary.js` of the first allowed origin); it is usable
 * once it fires `CIFInitDone`.
 *
 * Dynamics → phone: `setClickToAct(true)` + the `onclicktoact` handler dial.
 * Phone → Dynamics: an incoming call docks the panel (`setMode(1)`) and runs
 * `searchAndOpenRecords` on contacts whose phone is the caller's number (a single match
 * opens, several open the search page); the call log becomes a Phone Call activity
 * (`createRecord('phonecall', …)`: direction, number, duration in minutes, the end
 * reason in its description).
 */
import type { Crm } from '../shared/crm.js';
import { loadScript, pageOrigins, startCrmPage } from '../shared/page.js';
import { clickedNumber, contactsWithNumber, phoneCall } from './records.js';

interface CiFramework {
  setClickToAct(value: boolean): Promise<unknown>;
  addHandler(name: string, handler: (data: unknown) => Promise<unknown> | void): Promise<unknown>;
  setMode(mode: 0 | 1): Promise<unknown>;
  searchAndOpenRecords(entity: string, query: string, searchOnly: boolean): Promise<string>;
  createRecord(entity: string, data: string): Promise<string>;
}
declare global {
  interface Window {
    Microsoft?: { CIFramework?: CiFramework };
  }
}

async function dynamics(origin: string): Promise<Crm> {
  const ready = new Promise((resolve) => addEventListener('CIFInitDone', resolve, { once: true }));
  await loadScript(`${origin}/webresources/Widget/msdyn_ciLibrary.js`, { 'data-crmurl': origin, 'data-cifid': 'CIFMainLibrary' });
  await ready;
  const cif = window.Microsoft?.CIFramework;
  if (!cif) throw new Error(`${origin} served no Channel Integration Framework (Microsoft.CIFramework)`);
  return {
    onDial: (dial) => {
      void cif.addHandler('onclicktoact', (data) => {
        const number = clickedNumber(data);
        if (number) dial(number);
        return Promise.resolve();
      });
      void cif.setClickToAct(true);
    },
    incoming: async (call) => {
      await cif.setMode(1);
      await cif.searchAndOpenRecords('contact', contactsWithNumber(call.number), false);
    },
    log: (call, record) => cif.createRecord('phonecall', JSON.stringify(phoneCall(call, record))),
  };
}

const origins = pageOrigins();
void startCrmPage(origins, () => dynamics(origins[0]!));
