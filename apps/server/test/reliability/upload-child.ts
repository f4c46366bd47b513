/**
 * The upload flood's sending side, in its own process so that pushing 1.2 GB through 300 sockets
 * does not stall the parent, which measures the server and sends the signed probes. Argv: server
 * URL, count, bytes. Prints `{"statuses":{…}}`.
 */
import { uploadMany } from './floods.ts';

const [url, count, bytes] = process.argv.slice(2) as [string, string, string];
const statuses = await uploadMany(new URL(url), Number(count), Number(bytes));
process.stdout.write(`${JSON.stringify({ statuses })}\n`);
