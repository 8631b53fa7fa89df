// `npm ci` / `npm install` in a clone (npm's `prepare`): build dist/, the JavaScript `incep` runs.
// `npm pack` and `npm publish` also run `prepare`, after `prepack` has built dist/ afresh without
// source maps; building again there would put the maps back, so it is skipped.
import { execSync } from 'node:child_process';

if (!['pack', 'publish'].includes(process.env['npm_command'] ?? '')) {
  execSync('npm run build', { stdio: 'inherit' });
}
