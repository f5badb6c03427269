import { expect } from '@esm-bundle/chai';
import { clickedNumber, contactsWithNumber, phoneCall } from '../../src/crm/dynamics/records.js';
import { summary, type CrmCall } from '../../src/crm/shared/crm.js';
import type { CallRecord } from '../../src/events/phone-events.js';

const CALL: CrmCall = { callId: 'c1', number: '+14155550100', direction: 'incoming', startedAt: 1_000 };
const RECORD: CallRecord = {
  callId: 'c1',
  direction: 'incoming',
  remote: { uri: 'sip:+14155550100@example.test', user: '+14155550100', displayName: '' },
  startedAt: 1_000,
  answeredAt: 3_000,
  endedAt: 45_600,
  durationMs: 42_600,
  reason: 'hangup',
  by: 'remote',
  recorded: false,
  quality: null,
};

describe('CRM records: what the adapters write from a call log', () => {
  it('a summary line names the direction, the number, the end reason (and SIP code) and the talk time', () => {
    expect(summary(CALL, RECORD)).to.equal('Incoming call from +14155550100: hangup, 43 s');
    expect(summary({ ...CALL, direction: 'outgoing', number: '1001' }, { ...RECORD, reason: 'busy', code: 486, durationMs: 0 })).to.equal('Outgoing call to 1001: busy (486), 0 s');
  });

  it("Dynamics: a Phone Call activity with the direction, the number, whole minutes, and seconds and the end in its description", () => {
    expect(phoneCall(CALL, RECORD)).to.deep.equal({
      subject: 'Incoming call from +14155550100: hangup, 43 s',
      phonenumber: '+14155550100',
      directioncode: false,
      actualdurationminutes: 1,
      description: 'Incoming call from +14155550100: hangup, 43 s\nDuration: 43 s\nEnd: hangup (remote)',
    });
    expect(phoneCall(CALL, { ...RECORD, answeredAt: null, durationMs: 0, reason: 'cancelled' })).to.include({ actualdurationminutes: 0 });
  });

  it("Dynamics: the contact search quotes the caller's number, which the far end chose", () => {
    const query = decodeURIComponent(contactsWithNumber("1' or fullname ne '"));
    expect(query).to.equal("?$select=fullname,telephone1,mobilephone&$filter=telephone1 eq '1'' or fullname ne ''' or mobilephone eq '1'' or fullname ne '''");
    // Nothing in the number can add a query option or turn '+' into a space.
    expect(contactsWithNumber('+1&$top=1')).not.to.match(/[+&](?!\$filter)/);
    expect(contactsWithNumber('+1&$top=1')).to.include('%2B1%26%24top%3D1');
  });

  it('Dynamics: onclicktoact data is read as an object or as JSON text; anything else dials nothing', () => {
    expect(clickedNumber({ value: '555 0100', name: 'telephone1', format: 'phone' })).to.equal('555 0100');
    expect(clickedNumber(JSON.stringify({ value: '555 0100', format: 'phone', entityLogicalName: 'contact' }))).to.equal('555 0100');
    for (const data of ['{not json', JSON.stringify({ value: 'a@b', format: 'email' }), { value: 5 }, null, 42, '"text"']) {
      expect(clickedNumber(data), JSON.stringify(data)).to.equal(null);
    }
  });
});
