import { MAX_SEARCH, checkSearch, textProblem, type FieldError } from '@pirm/domain';

describe('issue 13.2: text inputs hold no control, bidi-override or unpaired surrogate characters', () => {
  it('accepts ordinary text, CJK, emoji (surrogate pairs) and, in multi-line fields only, tab and newline', () => {
    for (const ok of ['教师', '违规征订教辅资料 (2026)', '👍 同意', 'a\u200Bb'])
      expect(textProblem(ok, false)).toBeNull();
    expect(textProblem('同意。\n\t措施可行', true)).toBeNull();
    expect(textProblem('同意。\n措施可行', false)).toEqual({
      reason: expect.stringMatching(/U\+000A \(at 3\)/),
      message: '含有不能使用的特殊字符（U+000A），请删去后再试',
    });
  });

  it('refuses NUL, other C0 and C1 controls, DEL, bidi embeddings/overrides/isolates and lone surrogates, naming the character', () => {
    const bad: [string, string][] = [
      ['a\u0000', '0000'],
      ['a\u0007', '0007'],
      ['a\r\n', '000D'],
      ['a\u007F', '007F'],
      ['a\u0085', '0085'],
      ['a\u009F', '009F'],
      ['a\u202A', '202A'],
      ['a\u202E', '202E'],
      ['a\u2066', '2066'],
      ['a\u2069', '2069'],
      ['a\uD83D', 'D83D'],
      ['\uDC4Da', 'DC4D'],
    ];
    for (const [value, code] of bad) {
      expect({ value, problem: textProblem(value, true) }).toEqual({
        value,
        problem: { reason: expect.stringContaining(`U+${code}`), message: expect.stringContaining(`U+${code}`) },
      });
    }
  });
});

describe('R01 R21 a list’s search text, the same rule for the roster and the forms', () => {
  it('trims it, treats blank as no search, and counts characters, not UTF-16 units', () => {
    const errors: FieldError[] = [];
    expect(checkSearch(errors, '  张三 ')).toBe('张三');
    expect(checkSearch(errors, '   ')).toBeNull();
    expect(checkSearch(errors, null)).toBeNull();
    expect(checkSearch(errors, '👍'.repeat(MAX_SEARCH))).toBe('👍'.repeat(MAX_SEARCH));
    expect(errors).toEqual([]);
  });

  it('refuses more than MAX_SEARCH characters, naming the field', () => {
    const errors: FieldError[] = [];
    checkSearch(errors, '张'.repeat(MAX_SEARCH + 1));
    expect(errors).toEqual([expect.objectContaining({ field: 'search', message: expect.stringContaining('100') })]);
  });
});
