/**
 * HubSpot Calling Extensions: dist/crm/hubspot/index.html, set as the calling app's widget
 * URL (`…/index.html?origin=https://app.hubspot.com`). It speaks to HubSpot through the
 * real `@hubspot/calling-extensions-sdk`, bundled into this page's script: nothing is
 * fetched from elsewhere.
 *
 * HubSpot → phone: `onDialNumber` dials. Phone → HubSpot: `initialized` (once HubSpot's
 * handshake is done), `userLoggedIn`/`userLoggedOut`, `outgoingCall`, `incomingCall`
 * (HubSpot matches the caller's number: `onCallerIdMatchSucceeded` then pops the first
 * match with `navigateToRecord`), `callAnswered`, `callEnded`, `callCompleted` (the
 * engagement's duration, status and a summary), `resizeWidget`.
 */
import CallingExtensions from '@hubspot/calling-extensions-sdk';
import type { SoftPhoneElement } from '../../components/soft-phone/soft-phone.js';
import type { CallEndedDetail, CallRecord, EndReason } from '../../events/phone-events.js';
import { summary, type Crm, type CrmCall } from '../shared/crm.js';
import { pageOrigins, startCrmPage } from '../shared/page.js';

type EndStatus = 'COMPLETED' | 'BUSY' | 'NO_ANSWER' | 'CANCELED' | 'REJECTED' | 'FAILED' | 'MISSED';

/** HubSpot's call statuses (its `EndStatus`) for our end reasons. */
const STATUS: Record<EndReason, EndStatus> = {
  hangup: 'COMPLETED',
  transferred: 'COMPLETED',
  busy: 'BUSY',
  'no-answer': 'NO_ANSWER',
  rejected: 'REJECTED',
  cancelled: 'CANCELED',
  failed: 'FAILED',
};

/** An incoming call that ended unanswered, because the caller gave up or nobody took it, is a missed call. */
const endStatus = (call: CrmCall, reason: EndReason, answered: boolean): EndStatus =>
  call.direction === 'incoming' && !answered && (reason === 'cancelled' || reason === 'no-answer') ? 'MISSED' : STATUS[reason];

interface CallerIdMatch {
  objectCoordinates?: { portalId: number; objectId: number; objectTypeId: '0-1' | '0-2' };
}

function hubspot(phone: SoftPhoneElement): Promise<Crm> {
  let dial: (number: string) => void = () => undefined;
  /** What HubSpot was last told: the phone may have signed in before HubSpot's handshake. */
  let loggedIn = phone.registered;
  /** HubSpot's engagement for each call, as it reports them back. */
  const engagements = new Map<string, number>();
  /** The call HubSpot's latest engagement is for, when its reply does not say (it names no call in older versions). */
  let latestCall = '';
  const answered = new Set<string>();
  return new Promise((resolve) => {
    const sdk: CallingExtensions = new CallingExtensions({
      debugMode: false,
      eventHandlers: {
        onReady: () => {
          loggedIn = phone.registered;
          sdk.initialized({ isLoggedIn: loggedIn });
          resolve(crm);
        },
        onDialNumber: (data: { phoneNumber?: unknown }) => {
          if (typeof data?.phoneNumber === 'string') dial(data.phoneNumber);
        },
        onCreateEngagementSucceeded: (data: { externalCallId?: string; engagementId?: number }) => {
          if (data?.engagementId !== undefined) engagements.set(data.externalCallId ?? latestCall, data.engagementId);
        },
        onCallerIdMatchSucceeded: (data: { callerIdMatches?: CallerIdMatch[] }) => {
          const coordinates = data?.callerIdMatches?.[0]?.objectCoordinates;
          if (coordinates) sdk.navigateToRecord({ objectCoordinates: coordinates });
        },
        // Messages the phone has no use for (VISIBILITY_CHANGED, the *_FAILED replies…):
        // without a default handler the SDK logs each as an error.
        defaultEventHandler: () => undefined,
        // The SDK's type asks for every handler; it calls only those given.
      } as never,
    });
    const engagement = (call: CrmCall) => engagements.get(call.callId) as number;
    const crm: Crm = {
      onDial: (handler) => (dial = handler),
      signedIn: (on) => {
        if (on === loggedIn) return;
        loggedIn = on;
        if (on) sdk.userLoggedIn();
        else sdk.userLoggedOut();
      },
      outgoing: (call) => {
        latestCall = call.callId;
        sdk.outgoingCall({ externalCallId: call.callId, toNumber: call.number, fromNumber: '', callStartTime: call.startedAt, createEngagement: true });
      },
      incoming: (call) => {
        latestCall = call.callId;
        sdk.incomingCall({ externalCallId: call.callId, fromNumber: call.number, toNumber: '', callStartTime: call.startedAt, createEngagement: true });
      },
      answered: (call) => {
        answered.add(call.callId);
        sdk.callAnswered({ externalCallId: call.callId });
      },
      ended: (call, ended: CallEndedDetail) =>
        sdk.callEnded({ externalCallId: call.callId, engagementId: engagement(call), callEndStatus: endStatus(call, ended.reason, answered.has(call.callId)) }),
      log: (call, record: CallRecord) => {
        answered.delete(call.callId);
        sdk.callCompleted({
          externalCallId: call.callId,
          engagementId: engagement(call),
          hideWidget: false,
          engagementProperties: {
            hs_timestamp: record.startedAt,
            hs_call_direction: call.direction === 'outgoing' ? 'OUTBOUND' : 'INBOUND',
            hs_call_duration: String(record.durationMs),
            hs_call_status: endStatus(call, record.reason, record.answeredAt !== null),
            hs_call_body: summary(call, record),
            [call.direction === 'outgoing' ? 'hs_call_to_number' : 'hs_call_from_number']: call.number,
          },
        });
      },
      resize: (size) => sdk.resizeWidget(size),
    };
  });
}

void startCrmPage(pageOrigins(), hubspot);
