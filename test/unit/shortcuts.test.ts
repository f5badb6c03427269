import { expect } from '@esm-bundle/chai';
import { SHORTCUTS, shortcutFor } from '../../src/components/soft-phone/shortcuts.js';

const press = (code: string, modifiers: Partial<Record<'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey', boolean>>) => ({
  altKey: false,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  code,
  ...modifiers,
});

describe('shortcutFor', () => {
  it('maps Alt+Shift and the physical key of each binding to its action', () => {
    const found = Object.fromEntries(Object.entries(SHORTCUTS).map(([, code]) => [code, shortcutFor(press(code, { altKey: true, shiftKey: true }))]));
    expect(found).to.deep.equal({ KeyA: 'answer', KeyE: 'hangup', KeyM: 'mute', KeyH: 'hold' });
  });

  it('ignores the letter alone, with Alt or Shift alone, or with Ctrl or Meta too', () => {
    for (const modifiers of [{}, { altKey: true }, { shiftKey: true }, { altKey: true, shiftKey: true, ctrlKey: true }, { altKey: true, shiftKey: true, metaKey: true }]) {
      expect(shortcutFor(press('KeyA', modifiers)), JSON.stringify(modifiers)).to.equal(null);
    }
  });

  it('ignores other keys', () => {
    expect(shortcutFor(press('KeyZ', { altKey: true, shiftKey: true }))).to.equal(null);
  });
});
