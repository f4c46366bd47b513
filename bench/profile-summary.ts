/**
 * Where a `--cpu-prof` profile's time went (e.g. bench:cpu with BENCH_PROFILE=1), per unit of work:
 *
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile> [units] [top]
 *
 * Prints, as µs per unit (an order: pass the number of requests the server answered; default 1 =
 * total µs), the self time by file (a package under node_modules counts as one), the self time by
 * function, and the inclusive time by function (a function counted once per stack, so recursion
 * is not double-counted). Samples of (idle) and (program) are shown apart.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, unitsArg, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [units] [top]');
const units = Number(unitsArg ?? 1);
const top = Number(topArg ?? 30);
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));

const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  return url.replace(/^file:\/\/.*?\/(apps|packages|bench)\//, '$1/') || '(native)';
};
const fnKey = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const selfByFile = new Map<string, number>();
const selfByFn = new Map<string, number>();
const inclusive = new Map<string, number>();
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

// Depth first from the root, with the functions on the current stack.
const root = p.nodes[0]!;
const visit = (n: ProfileNode, onStack: Set<string>): number => {
  const key = fnKey(n);
  const mine = self.get(n.id) ?? 0;
  add(selfByFile, where(n.callFrame.url), mine);
  add(selfByFn, key, mine);
  let total = mine;
  const fresh = !onStack.has(key);
  if (fresh) onStack.add(key);
  for (const c of n.children ?? []) total += visit(byId.get(c)!, onStack);
  if (fresh) {
    onStack.delete(key);
    add(inclusive, key, total);
  }
  return total;
};
const all = visit(root, new Set());

const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${(v / units).toFixed(1).padStart(9)}  ${k}`);
};
const idle = [...selfByFn].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
console.log(
  `${file}: ${(all / 1000).toFixed(0)} ms sampled, ${(idle / 1000).toFixed(0)} ms idle; busy ${((all - idle) / units).toFixed(1)} µs per unit (${units} units)`,
);
show('self µs per unit, by file/package', selfByFile);
show('self µs per unit, by function', selfByFn);
show('inclusive µs per unit, by function', inclusive);
