// `npm run build -w @tradepost/server`: a clean build of dist/ (scripts/bundle.mjs says what and why).
import { build } from './bundle.mjs';

await build({ prune: true });
