// What the popovers and tooltips use of Floating UI, and nothing more: a dynamic import
// of the package itself would keep every one of its exports in the chunk.
export { autoUpdate, computePosition, flip, offset, shift } from '@floating-ui/dom';
