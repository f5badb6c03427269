/**
 * What the Dynamics adapter says to CIF, as pure functions: the click-to-act event read,
 * the contact search by number, and the Phone Call record of a call log. Numbers come
 * from the far end's SIP From header, so they are quoted, never trusted.
 */
import type { CallRecord } from '../../events/phone-events.js';
import { seconds, summary, type CrmCall } from '../shared/crm.js';

/** An OData string literal: quotes doubled, so a number cannot end the filter early. */
export const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** onclicktoact's event data: `{value, name, format}`, as an object or as its JSON text. */
export function clickedNumber(data: unknown): string | null {
  let event = data;
  if (typeof data === 'string') {
    try {
      event = JSON.parse(data);
    } catch {
      return null;
    }
  }
  const { value, format } = (event ?? {}) as { value?: unknown; format?: unknown };
  return typeof value === 'string' && (format === undefined || format === 'phone') ? value : null;
}

/** The Phone Call activity of a call log: CIF's `createRecord('phonecall', …)` takes its JSON. */
export function phoneCall(call: CrmCall, record: CallRecord) {
  return {
    subject: summary(call, record),
    phonenumber: call.number,
    directioncode: call.direction === 'outgoing',
    actualdurationminutes: Math.ceil(seconds(record) / 60),
    description: `${summary(call, record)}\nDuration: ${seconds(record)} s\nEnd: ${record.reason} (${record.by})`,
  };
}

/**
 * searchAndOpenRecords' query for the contacts whose phone is `number`. Encoded: a '+' of
 * an E.164 number would otherwise read as a space, and a '&' would start another option.
 */
export function contactsWithNumber(number: string): string {
  const value = encodeURIComponent(literal(number));
  return `?$select=fullname,telephone1,mobilephone&$filter=telephone1 eq ${value} or mobilephone eq ${value}`;
}
