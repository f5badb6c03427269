import { css, html, nothing, type LitElement } from 'lit';
import type { DeviceKind } from '../../engine/media/devices.js';
import type { PhoneController } from '../../engine/phone-controller.js';
import type { Strings } from '../../i18n/strings.js';
import { attempt } from './attempt.js';
import { iconLabel } from './icons.js';
import { askToNotify, mayAskToNotify } from './notifications.js';
import { findPopover, PopoverController, popoverStyles } from './popover.js';

const POPOVER_ID = 'device-settings';

/** Which devices can be chosen here: an audio output only where the browser can route that sound (`setSinkId`). */
function choosableKinds(): DeviceKind[] {
  const kinds: DeviceKind[] = ['microphone', 'camera'];
  // Calls play through a media element; the ringtone is Web Audio, routable in fewer browsers.
  if ('setSinkId' in HTMLMediaElement.prototype) kinds.push('speaker');
  if (typeof AudioContext !== 'undefined' && 'setSinkId' in AudioContext.prototype) kinds.push('ringer');
  return kinds;
}

/** What the settings show of the devices (PhoneState's `shown`): the choices and each list. */
export function devicesShown(phone: PhoneController): unknown[] {
  const { devices } = phone;
  return [devices.choice, ...choosableKinds().map((kind) => devices.options(kind).map(({ deviceId, label }) => `${deviceId} ${label}`).join('\n'))];
}

/**
 * A Settings button and the popover it opens: one labelled list per device the user
 * can pick (microphone, camera, and where the browser can route sound there, speaker
 * and ringer), and "Notify me of calls" while the browser may still ask for that.
 *
 * The lists are the phone's: they are refreshed when the popover opens and follow
 * `devicechange`, so a headset plugged in shows up at once. A choice applies at once,
 * to the calls in progress too.
 */
export class DeviceSettings {
  readonly #host: LitElement;
  readonly #phone: () => PhoneController | undefined;
  #open = false;

  constructor(host: LitElement, phone: () => PhoneController | undefined) {
    this.#host = host;
    this.#phone = phone;
    new PopoverController(host, {
      find: () => findPopover(host.renderRoot, POPOVER_ID),
      dismiss: () => void this.#setOpen(false),
    });
  }

  render(s: Strings) {
    const phone = this.#phone();
    const open = this.#open && phone !== undefined;
    return html`<button
        type="button"
        part="settings-button"
        aria-haspopup="dialog"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${open ? POPOVER_ID : nothing}
        ?disabled=${!phone}
        @click=${() => void this.#setOpen(!this.#open)}
      >
        ${iconLabel('gear', s.settings)}
      </button>
      ${open
        ? html`<div id=${POPOVER_ID} part="settings" popover="manual" tabindex="-1" role="dialog" aria-label=${s.deviceSettings}>
            ${choosableKinds().map((kind) => this.#list(phone, kind, s))}
            ${mayAskToNotify()
              ? html`<button type="button" part="notify-button" @click=${() => void askToNotify().finally(() => this.#host.requestUpdate())}>
                  ${s.notifyMe}
                </button>`
              : nothing}
          </div>`
        : nothing}`;
  }

  #list(phone: PhoneController, kind: DeviceKind, s: Strings) {
    const options = phone.devices.options(kind);
    if (options.length === 0) return nothing;
    const chosen = phone.devices.choice[kind];
    const name = s.devices[kind];
    const select = (event: Event) => void attempt(() => phone.selectDevice(kind, (event.target as HTMLSelectElement).value));
    // With nothing chosen no option is selected, so the list shows the browser's first: its default device.
    return html`<label part="device-label" for="${kind}-device">${name}</label>
      <select id="${kind}-device" part="device-select ${kind}-select" @change=${select}>
        ${options.map(
          ({ deviceId, label }, index) =>
            html`<option value=${deviceId} .selected=${deviceId === chosen}>${label || s.unnamedDevice(name, index + 1)}</option>`,
        )}
      </select>`;
  }

  async #setOpen(open: boolean): Promise<void> {
    // Fresh lists first (names appear once the microphone was allowed), so the popover
    // opens with them and the focus lands on the first one.
    if (open) await this.#phone()?.devices.refresh();
    this.#open = open;
    this.#host.requestUpdate();
  }
}

export const deviceSettingsStyles = [
  popoverStyles,
  css`
    [part~='settings-button'] {
      display: block;
      margin-block-start: 0.5rem;
      margin-inline-start: auto;
    }
    [part~='device-label'] {
      display: block;
      margin-block-end: 0.25rem;
      font-size: 0.875em;
      font-weight: 600;
    }
    [part~='device-select'] {
      margin-block-end: 0.75rem;
    }
    [part~='notify-button'] {
      inline-size: 100%;
    }
  `,
];
