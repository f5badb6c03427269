import { createContext } from '@lit/context';
import type { PhoneController } from './engine/phone-controller.js';

/**
 * The controller, provided by `<soft-phone>` to every element inside it. The value
 * is a service: it never changes for a provider, and elements follow its state
 * through `PhoneState` (context does not see mutation).
 */
export const phoneContext = createContext<PhoneController | undefined>(Symbol('phone-elements/controller'));
