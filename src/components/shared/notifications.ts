/** Whether the user can still be asked to allow desktop notifications. */
export function mayAskToNotify(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'default';
}

/**
 * Asks the user to allow desktop notifications of incoming calls. Only from a click or
 * key press: browsers ignore (and may penalise) a page that asks on its own.
 */
export async function askToNotify(): Promise<void> {
  if (!mayAskToNotify()) return;
  try {
    await Notification.requestPermission();
  } catch {
    // Not being able to ask is not worth an error: calls still ring, and show on the page.
  }
}

/** Whether a ringing call should be notified on the desktop: the page is out of sight and the user allowed it. */
export function shouldNotify(): boolean {
  return document.visibilityState === 'hidden' && typeof Notification !== 'undefined' && Notification.permission === 'granted';
}
