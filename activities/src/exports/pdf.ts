import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { PrintedForm } from '@pirm/domain';

/** The CJK font embedded in printed forms (R23): the worker's configuration, checked at its boot. */
export interface PrintConfig {
  /** A TrueType font (.ttf, or a .ttc with `fontFace`). */
  fontPath: string;
  /** The PostScript name of the face inside a .ttc collection. */
  fontFace: string;
}

const MARGIN = 36;
const PAD = 4;
const SIZE = { title: 16, body: 10, small: 8 };

/** Draws bordered table rows, starting a new page (and repeating the header, if any) when a row does not fit. */
class Table {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly widths: number[],
    private readonly header?: string[],
  ) {}

  row(cells: string[], minHeight = 0): void {
    const { doc } = this;
    doc.fontSize(SIZE.body);
    const height = Math.max(
      minHeight,
      ...cells.map((c, i) => doc.heightOfString(c || ' ', { width: this.widths[i]! - 2 * PAD }) + 2 * PAD),
    );
    if (doc.y + height > doc.page.height - MARGIN) {
      doc.addPage();
      if (this.header) this.draw(this.header, this.heightOf(this.header));
    }
    this.draw(cells, height);
  }

  private heightOf(cells: string[]): number {
    return Math.max(...cells.map((c, i) => this.doc.heightOfString(c, { width: this.widths[i]! - 2 * PAD }) + 2 * PAD));
  }

  private draw(cells: string[], height: number): void {
    const { doc } = this;
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const w = this.widths[i]!;
      doc.rect(x, top, w, height).stroke();
      doc.text(cell, x + PAD, top + PAD, { width: w - 2 * PAD });
      x += w;
    });
    doc.x = MARGIN;
    doc.y = top + height;
  }
}

/** Widths proportional to `weights` across the printable width. */
function columns(doc: PDFKit.PDFDocument, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const width = doc.page.width - 2 * MARGIN;
  return weights.map((w) => (w / total) * width);
}

function drawCopy(doc: PDFKit.PDFDocument, form: PrintedForm, copyLabel: string): void {
  const width = doc.page.width - 2 * MARGIN;
  doc.fontSize(SIZE.small).text(copyLabel, MARGIN, MARGIN, { width, align: 'right' });
  doc.fontSize(SIZE.title).text(form.title, MARGIN, doc.y + 4, { width, align: 'center' });
  doc.moveDown(0.6);
  // The seal box: the unit stamps its seal over its name on the paper copy.
  const sealTop = doc.y;
  doc.fontSize(SIZE.body).text(`${form.sealLabel}${form.unitName}`, MARGIN, sealTop + 14);
  doc.rect(MARGIN, sealTop, 260, 40).dash(3, { space: 3 }).stroke().undash();
  doc.x = MARGIN;
  doc.y = sealTop + 48;

  const labelled = new Table(doc, columns(doc, [2, 7]));
  for (const f of form.fields) labelled.row([f.label, f.value]);

  const weights = form.riskTable.columns.map(
    (c) => ({ 序号: 0.7, 三重一大: 1.9, 风险点: 3.4, 风险类型: 1.3, 风险级别: 1.2, 自我防控措施: 3.5 })[c] ?? 1,
  );
  const risks = new Table(doc, columns(doc, weights), form.riskTable.columns);
  risks.row(form.riskTable.columns);
  for (const r of form.riskTable.rows) risks.row(r);

  labelled.row([form.postGrade.label, form.postGrade.value]);
  labelled.row([form.controlMeasures.label, form.controlMeasures.value]);
  for (const o of form.opinions) {
    const signature = `${o.opinion}\n\n审查人：${o.reviewer || '              '}        ${o.date}`;
    labelled.row([o.label, signature], 64);
  }
  doc.moveDown(0.4);
  doc.fontSize(SIZE.body).text(form.note, MARGIN, doc.y);
}

/** The font file read once per process: a CJK collection is 17 MB. */
const fontFiles = new Map<string, Buffer>();
function fontFile(path: string): Buffer {
  if (!fontFiles.has(path)) fontFiles.set(path, readFileSync(path));
  return fontFiles.get(path)!;
}

/** Prints a form in the layout of its attachment, three copies in one file (R23), with the CJK font embedded. */
export function renderFormPdf(form: PrintedForm, print: PrintConfig, out: Writable): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, autoFirstPage: false, info: { Title: form.title } });
  const finished = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
    doc.once('error', reject);
  });
  doc.pipe(out);
  doc.registerFont('cjk', fontFile(print.fontPath), print.fontPath.endsWith('.ttc') ? print.fontFace : undefined);
  for (const label of form.copyLabels) {
    doc.addPage();
    doc.font('cjk').lineWidth(0.6);
    drawCopy(doc, form, label);
  }
  doc.end();
  return finished;
}
