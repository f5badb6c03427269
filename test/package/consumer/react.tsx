// README's React snippet, type-checked with its JSX declaration against the installed tarball (npm run check:package).
import 'phone-elements/define';
import type { PhoneEventDetailMap, SoftPhoneElement } from 'phone-elements';
import { useState, type HTMLAttributes, type RefAttributes } from 'react';

type SoftPhoneProps = HTMLAttributes<SoftPhoneElement> &
  RefAttributes<SoftPhoneElement> &
  Partial<Pick<SoftPhoneElement, 'server' | 'uri' | 'password' | 'authUser' | 'displayName' | 'iceServers' | 'clickToDial' | 'theme'>> & {
    [K in keyof PhoneEventDetailMap as `on${K}`]?: (event: CustomEvent<PhoneEventDetailMap[K]>) => void;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'soft-phone': SoftPhoneProps;
    }
  }
}

export function Phone({ password }: { password: string }) {
  const [status, setStatus] = useState('signing in');
  return (
    <>
      <soft-phone
        server="wss://pbx.example.com:8089/ws"
        uri="sip:1001@pbx.example.com"
        password={password}
        clickToDial
        onphone-registered={() => setStatus('ready')}
        onphone-call-ended={(e) => setStatus(`ended: ${e.detail.reason}`)}
      />
      <output>{status}</output>
    </>
  );
}

export function Wrong() {
  return (
    <>
      {/* @ts-expect-error: a call-ended detail has no uri */}
      <soft-phone onphone-call-ended={(e) => e.detail.uri} />
      {/* @ts-expect-error: clickToDial is a boolean */}
      <soft-phone clickToDial="yes" />
    </>
  );
}
