// Fails when a shipped bundle exceeds its brotli budget (package.json "sizeBudget",
// in bytes). Budgets move only on purpose, in a commit that says why.
import { readFileSync } from 'node:fs';
import { measureBytes } from './sizes.mjs';

const { sizeBudget } = JSON.parse(readFileSync('package.json', 'utf8'));
let over = false;
for (const [file, budget] of Object.entries(sizeBudget)) {
  const { raw, gzip, brotli } = measureBytes(file);
  const verdict = brotli <= budget ? 'ok' : 'OVER BUDGET';
  console.log(`${file}: ${raw} B raw, ${gzip} B gzip, ${brotli} B brotli (budget ${budget} B) ${verdict}`);
  over ||= brotli > budget;
}
process.exit(over ? 1 : 0);
