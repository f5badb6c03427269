const NOT_TYPED_INTO = new Set(['button', 'checkbox', 'color', 'file', 'hidden', 'image', 'radio', 'range', 'reset', 'submit']);

function isTextField(element: Element | null): boolean {
  if (element instanceof HTMLInputElement) return !NOT_TYPED_INTO.has(element.type);
  return element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement || (element instanceof HTMLElement && element.isContentEditable);
}

/** What has the focus, looking inside open shadow roots. */
function deepActiveElement(): Element | null {
  let focused = document.activeElement;
  while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
  return focused;
}

/** True while the user types in a field (text, a list, contenteditable), anywhere on the page, shadow roots included. */
export function typingInField(): boolean {
  return isTextField(deepActiveElement());
}

/** False while the user types in a field, or works in another window or frame: a ringing call must not take their keystrokes. */
export function mayTakeFocus(): boolean {
  return document.hasFocus() && !typingInField();
}
