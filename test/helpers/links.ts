// Link clicks for click-to-dial tests, without ever leaving the test page.

/** A numeric test user (tel: links carry numbers), unique like uniqueUser(). */
export function uniqueNumber(): string {
  return String(100_000_000 + Math.floor(Math.random() * 900_000_000));
}

/**
 * Clicks a new link to `href` inside `parent`, as a user's click with `init` (modifier
 * keys…), and returns whether a listener took it (called preventDefault). The page
 * never navigates: a last listener on the window cancels whatever was left.
 */
export function clickLink(href: string, init: MouseEventInit = {}, parent: ParentNode = document.body): boolean {
  const link = document.createElement('a');
  link.href = href;
  link.textContent = href;
  parent.append(link);
  let taken = false;
  const guard = (event: Event) => {
    taken = event.defaultPrevented;
    event.preventDefault();
  };
  addEventListener('click', guard);
  try {
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, button: 0, ...init }));
  } finally {
    removeEventListener('click', guard);
    link.remove();
  }
  return taken;
}
