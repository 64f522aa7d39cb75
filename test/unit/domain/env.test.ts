import { EnvReader } from '@pirm/domain';

describe('configuration is validated once, naming every bad variable', () => {
  it('collects all problems into one error', () => {
    const r = new EnvReader({ PORT: 'abc', MODE: 'weird' });
    r.string('DATABASE_URL');
    r.int('PORT', 3000, 0, 65535);
    r.oneOf('MODE', ['a', 'b'], 'a');
    expect(() => r.done()).toThrow(
      'Invalid configuration: DATABASE_URL is required; PORT must be a whole number from 0 to 65535, got "abc"; MODE must be one of a, b, got "weird"',
    );
  });

  it('applies defaults when variables are absent', () => {
    const r = new EnvReader({});
    expect(r.int('PORT', 3000, 0, 65535)).toBe(3000);
    expect(r.string('NAME', 'x')).toBe('x');
    expect(() => r.done()).not.toThrow();
  });
});
