import type { Plugin } from 'vite';

// A Lit `css` template whose interpolations, if any, are plain names (a shared fragment
// such as `${visuallyHidden}`): its text ships as written, comments and indentation
// included, because the JavaScript minifier never looks inside strings.
const CSS_TEMPLATE = /\bcss`((?:[^`$\\]|\$\{\w+\})*)`/g;

/** CSS text without comments and with only the whitespace that carries meaning (between words). */
export function minifyCss(text: string): string {
  // An interpolation stays whole: only the CSS around it is minified.
  return text
    .split(/(\$\{\w+\})/)
    .map((piece) => (/^\$\{\w+\}$/.test(piece) ? piece : minifyPiece(piece)))
    .join('');
}

function minifyPiece(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

/** Minifies the CSS of Lit's `css` templates in our own sources at build time. */
export function minifyCssTemplates(): Plugin {
  return {
    name: 'minify-css-templates',
    transform(code, id) {
      if (!id.includes('/src/') || !id.endsWith('.ts') || !code.includes('css`')) return null;
      return { code: code.replace(CSS_TEMPLATE, (_match, text: string) => `css\`${minifyCss(text)}\``), map: null };
    },
  };
}
