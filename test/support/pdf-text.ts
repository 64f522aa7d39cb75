import { inflateSync } from 'node:zlib';

/**
 * The text of each page of a PDF, read the way a viewer reads it: page order from the page tree, each
 * content stream inflated, each shown string decoded through its font's ToUnicode CMap. Enough for the
 * PDFs pdfkit writes (Type0 fonts with two-byte codes); a test that uses it fails when the text is absent.
 */
export function pdfPages(pdf: Buffer): string[] {
  const objects = new Map<number, { dict: string; stream: Buffer | null }>();
  const text = pdf.toString('latin1');
  for (const m of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2]!;
    const s = body.indexOf('stream');
    if (s < 0) {
      objects.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, s);
    const start = m.index! + m[0].indexOf(body) + s + 'stream'.length + (body[s + 6] === '\r' ? 2 : 1);
    const length = Number(/\/Length (\d+)/.exec(dict)![1]);
    const raw = pdf.subarray(start, start + length);
    objects.set(Number(m[1]), { dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
  }
  const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);
  const cmaps = new Map<number, Map<number, string>>();
  const cmapOf = (fontObj: number): Map<number, string> => {
    const toUnicode = ref(objects.get(fontObj)!.dict, 'ToUnicode');
    if (!cmaps.has(toUnicode)) cmaps.set(toUnicode, parseCmap(objects.get(toUnicode)!.stream!.toString('latin1')));
    return cmaps.get(toUnicode)!;
  };
  const root = [...objects.values()].find((o) => /\/Type \/Pages/.test(o.dict) && !/\/Parent/.test(o.dict))!;
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(root.dict)![1]!.matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));
  return kids.map((pageId) => {
    const page = objects.get(pageId)!.dict;
    const resources = objects.get(ref(page, 'Resources'))?.dict ?? page;
    const fonts = new Map(
      [...(/\/Font <<([^>]*)>>/.exec(resources)?.[1] ?? '').matchAll(/\/(\w+) (\d+) 0 R/g)].map((f) => [
        f[1]!,
        Number(f[2]),
      ]),
    );
    const content = objects.get(ref(page, 'Contents'))!.stream!.toString('latin1');
    const lines: string[] = [];
    let cmap = new Map<number, string>();
    for (const block of content.split(/\bBT\b/).slice(1)) {
      let line = '';
      for (const t of block.slice(0, block.indexOf('ET')).matchAll(/\/(\w+) [\d.]+ Tf|<([0-9a-fA-F]*)>/g)) {
        if (t[1])
          cmap =
            fonts.has(t[1]) && /ToUnicode/.test(objects.get(fonts.get(t[1])!)!.dict)
              ? cmapOf(fonts.get(t[1])!)
              : new Map();
        else for (let i = 0; i + 4 <= t[2]!.length; i += 4) line += cmap.get(parseInt(t[2]!.slice(i, i + 4), 16)) ?? '';
      }
      lines.push(line);
    }
    return lines.join('\n');
  });
}

function utf16(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i < hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const r of section[1]!.matchAll(/<(\w+)>\s*<(\w+)>\s*(\[[^\]]*\]|<\w+>)/g)) {
      const [from, to] = [parseInt(r[1]!, 16), parseInt(r[2]!, 16)];
      const targets = r[3]!.startsWith('[') ? [...r[3]!.matchAll(/<(\w+)>/g)].map((x) => utf16(x[1]!)) : null;
      for (let c = from; c <= to; c++) {
        if (targets) map.set(c, targets[c - from]!);
        else map.set(c, String.fromCodePoint(parseInt(r[3]!.slice(1, -1), 16) + c - from));
      }
    }
  }
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const r of section[1]!.matchAll(/<(\w+)>\s*<(\w+)>/g)) map.set(parseInt(r[1]!, 16), utf16(r[2]!));
  }
  return map;
}
