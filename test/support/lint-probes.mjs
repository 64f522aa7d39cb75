// Lints probe texts as if they were new files in the repository, with the project's own ESLint config, and
// prints each probe's messages as JSON. Input on stdin: [{ path, text }] (paths relative to the root). A
// probe whose path is an array of files ({ files: [{ path, text }] }) is written to disk for the duration,
// since rules that follow imports across files (import-x/no-cycle) need them there.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '../..');
const probes = JSON.parse(
  await new Promise((res) => {
    let input = '';
    process.stdin.on('data', (d) => (input += d)).on('end', () => res(input));
  }),
);
// Type-aware rules need every file in the TypeScript project; a probe is not, and these rules are not probed.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: false, projectService: false } },
    rules: Object.fromEntries(
      ['no-floating-promises', 'no-misused-promises', 'await-thenable', 'switch-exhaustiveness-check'].map((r) => [
        `@typescript-eslint/${r}`,
        'off',
      ]),
    ),
  },
});
const messages = (results) => results.flatMap((r) => r.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
const out = [];
for (const probe of probes) {
  if (probe.files) {
    const paths = probe.files.map((f) => join(root, f.path));
    try {
      for (const [i, f] of probe.files.entries()) {
        mkdirSync(dirname(paths[i]), { recursive: true });
        writeFileSync(paths[i], f.text);
      }
      out.push(messages(await eslint.lintFiles(paths)));
    } finally {
      for (const p of paths) rmSync(p, { force: true });
      rmSync(dirname(paths[0]), { recursive: true, force: true });
    }
  } else {
    out.push(messages(await eslint.lintText(probe.text, { filePath: join(root, probe.path) })));
  }
}
process.stdout.write(JSON.stringify(out));
