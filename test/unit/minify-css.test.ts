import { expect } from '@esm-bundle/chai';
import { minifyCss } from '../../scripts/minify-css-templates.js';

describe('minifyCss (build step for Lit css templates)', () => {
  it('drops comments, indentation and the last semicolon of a block', () => {
    expect(minifyCss(`
      :host {
        /* why: a comment */
        display: block;
        color: var(--phone-color, #000);
      }
    `)).to.equal(':host{display: block;color: var(--phone-color,#000)}');
  });
  it('keeps the spaces that carry meaning: descendant combinators and values', () => {
    expect(minifyCss('.row :hover { margin: 0 auto; }')).to.equal('.row :hover{margin: 0 auto}');
    expect(minifyCss('@media (prefers-color-scheme: dark) { a { color: red } }')).to.equal('@media (prefers-color-scheme: dark){a{color: red}}');
  });
  it('leaves an interpolated fragment whole and minifies the CSS around it', () => {
    expect(minifyCss(`
      .hidden {
        \${visuallyHidden}
      }
      /* the badge */
      .badge { \${countBadge} color: red; }
    `)).to.equal('.hidden{${visuallyHidden}}.badge{${countBadge}color: red}');
  });
});
