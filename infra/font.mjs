// Provides the CJK font the gateway embeds in printed forms (R23): wqy-zenhei.ttc from Debian's pinned
// fonts-wqy-zenhei package, cached under .cache/fonts/. Order: PRINT_FONT_PATH → the cached copy →
// `apt-get download` → a direct download from deb.debian.org; the .deb and the font are checked by SHA-256.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Buffer } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from './paths.mjs';
import { CJK_FONT_DEB } from './versions.mjs';

/** Where the worker looks for the font unless PRINT_FONT_PATH says otherwise (apps/worker/src/config.ts). */
export const cachedFontPath = join(root, '.cache', 'fonts', 'wqy-zenhei.ttc');
const log = (msg) => process.stderr.write(`[font] ${msg}\n`);
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const debName = `${CJK_FONT_DEB.package}_${CJK_FONT_DEB.version}_all.deb`;

function aptDownload(dir) {
  const r = spawnSync('apt-get', ['download', `${CJK_FONT_DEB.package}=${CJK_FONT_DEB.version}`], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const file = join(dir, debName);
  return r.status === 0 && existsSync(file) ? file : undefined;
}

async function httpDownload(dir) {
  log(`downloading ${CJK_FONT_DEB.url}`);
  const res = await fetch(CJK_FONT_DEB.url).catch((err) => ({ ok: false, statusText: err.message }));
  if (!res.ok) {
    log(`download failed: ${res.status ?? ''} ${res.statusText}`);
    return undefined;
  }
  const total = Number(res.headers.get('content-length') ?? 0);
  const chunks = [];
  let got = 0;
  let shown = 0;
  for await (const chunk of res.body) {
    chunks.push(chunk);
    got += chunk.length;
    if (total && got / total >= shown + 0.25) {
      shown = Math.floor((got / total) * 4) / 4;
      log(`  ${Math.round(shown * 100)}% of ${(total / 1e6).toFixed(1)} MB`);
    }
  }
  const file = join(dir, debName);
  writeFileSync(file, Buffer.concat(chunks));
  return file;
}

function extract(deb, dir) {
  const out = join(dir, 'x');
  // dpkg-deb reads every compression Debian uses; `ar` + `tar` is the fallback on machines without dpkg.
  if (spawnSync('dpkg-deb', ['-x', deb, out], { stdio: 'inherit' }).status !== 0) {
    mkdirSync(out, { recursive: true });
    if (spawnSync('ar', ['x', deb], { cwd: dir, stdio: 'inherit' }).status !== 0) return undefined;
    const data = readdirSync(dir).find((f) => f.startsWith('data.tar'));
    if (!data || spawnSync('tar', ['-xf', join(dir, data), '-C', out], { stdio: 'inherit' }).status !== 0)
      return undefined;
  }
  const font = join(out, CJK_FONT_DEB.member);
  return existsSync(font) ? font : undefined;
}

/** Path of the CJK font, provisioning the pinned copy on first use. Throws with what to do when it cannot. */
export async function ensureCjkFont() {
  if (process.env.PRINT_FONT_PATH) {
    if (!existsSync(process.env.PRINT_FONT_PATH))
      throw new Error(`PRINT_FONT_PATH=${process.env.PRINT_FONT_PATH}: no such file`);
    return process.env.PRINT_FONT_PATH;
  }
  if (existsSync(cachedFontPath)) return cachedFontPath;
  const work = mkdtempSync(join(tmpdir(), 'pirm-font-'));
  try {
    log(`fetching ${CJK_FONT_DEB.package} ${CJK_FONT_DEB.version} from Debian (first run only, 7.5 MB)…`);
    const deb = aptDownload(work) ?? (await httpDownload(work));
    if (!deb) throw new Error(`could not download ${debName} (apt-get download nor ${CJK_FONT_DEB.url})`);
    if (sha256(deb) !== CJK_FONT_DEB.sha256)
      throw new Error(`${debName} does not match its pinned SHA-256: not using it`);
    const font = extract(deb, work);
    if (!font) throw new Error(`could not unpack ${debName}: install dpkg-deb (dpkg) or ar, tar and xz`);
    if (sha256(font) !== CJK_FONT_DEB.memberSha256)
      throw new Error(`${CJK_FONT_DEB.member} in ${debName} does not match its pinned SHA-256`);
    mkdirSync(join(root, '.cache', 'fonts'), { recursive: true });
    renameSync(font, cachedFontPath);
    log(`font ready: ${cachedFontPath}`);
    return cachedFontPath;
  } catch (err) {
    throw new Error(
      `No CJK font for printing: ${err.message}. Set PRINT_FONT_PATH=/path/to/a CJK .ttf/.ttc (e.g. apt-get install ${CJK_FONT_DEB.package}: ` +
        `/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc), or allow access to deb.debian.org.`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// `npm run font:install` fetches it ahead of time.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await ensureCjkFont().then(
    (path) => console.log(`CJK font: ${path}`),
    (err) => {
      console.error(err.message);
      process.exitCode = 1;
    },
  );
}
