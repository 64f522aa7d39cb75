// `node bench/profile-top.mjs FILE.cpuprofile [N]`: where a process spent its CPU, as JSON: self time by
// package (our workspaces, node_modules packages, node internals, GC, idle) and the top N functions.
import { readFileSync } from 'node:fs';

const [file, n = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-top.mjs FILE.cpuprofile [N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
// Self time of a node = its sample count × the mean sampling interval.
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
const intervalMs = (profile.endTime - profile.startTime) / 1000 / profile.samples.length;

function owner(url, fn) {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/(apps\/[^/]+|libs\/[^/]+|workflows|activities)\//.exec(url);
  return ours ? ours[1] : url.startsWith('node:') ? 'node' : url;
}
const packages = new Map();
const functions = new Map();
for (const [id, count] of counts) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const fn = functionName || '(anonymous)';
  const pkg = owner(url, fn);
  packages.set(pkg, (packages.get(pkg) ?? 0) + count);
  const key = `${fn} ${pkg}${url ? `:${lineNumber + 1}` : ''}`;
  functions.set(key, (functions.get(key) ?? 0) + count);
}
const total = profile.samples.length;
const top = (m, k) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, c]) => ({ name, ms: Math.round(c * intervalMs), share: Math.round((c / total) * 1000) / 10 }));
console.log(
  JSON.stringify(
    {
      file,
      wallMs: Math.round(total * intervalMs),
      byPackage: top(packages, 20),
      topFunctions: top(functions, Number(n)),
    },
    null,
    2,
  ),
);
