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

describe('the reader records the variables a configuration reads, for checking deployment files', () => {
  it('names every variable asked for, and as required those without a fallback', () => {
    const r = new EnvReader({});
    r.string('DATABASE_URL');
    r.string('HOST', '127.0.0.1');
    r.optional('AUTH_JWKS_URL');
    r.int('PORT', 3000, 0, 65535);
    r.oneOf('NODE_ENV', ['development', 'production'], 'development');
    r.bool('TEMPORAL_TLS', false);
    const { reads, required } = r.variables();
    expect([...reads].sort()).toEqual(['AUTH_JWKS_URL', 'DATABASE_URL', 'HOST', 'NODE_ENV', 'PORT', 'TEMPORAL_TLS']);
    expect([...required]).toEqual(['DATABASE_URL']);
  });
});
