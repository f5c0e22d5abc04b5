import { PROBLEMS, Problem } from '../../../server/domain/problems';
import { toProblem } from '../../../server/http/errors';
import { jsonDepth } from '../../../server/http/body';

describe('error catalogue', () => {
  it('derives the HTTP status from the code', () => {
    expect(new Problem(404.1).status).toBe(404);
    expect(new Problem(409.3).status).toBe(409);
    expect(new Problem(503.1).status).toBe(503);
  });

  it('every code has an Indonesian message and a real HTTP status', () => {
    for (const [code, message] of Object.entries(PROBLEMS)) {
      const status = Math.floor(Number(code));
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(message.length).toBeGreaterThan(10);
    }
  });

  it('serialises to {message, code, details}', () => {
    expect(new Problem(400.1, { fields: ['a'] }).toJSON()).toEqual({ message: PROBLEMS[400.1], code: 400.1, details: { fields: ['a'] } });
    expect(new Problem(404.1).toJSON()).toEqual({ message: PROBLEMS[404.1], code: 404.1 });
  });

  it('maps foreign errors without leaking their text', () => {
    expect(toProblem(new Error('E11000 secret query text')).code).toBe(500.1);
    expect(toProblem(Object.assign(new Error('x'), { type: 'entity.too.large' })).code).toBe(413.1);
    expect(toProblem(Object.assign(new Error('x'), { type: 'entity.parse.failed' })).code).toBe(400.2);
    expect(toProblem(Object.assign(new Error('x'), { name: 'MongoServerSelectionError' })).code).toBe(503.1);
    expect(toProblem(undefined).code).toBe(500.1);
  });
});

describe('jsonDepth', () => {
  it('counts nesting and ignores brackets in strings', () => {
    expect(jsonDepth(Buffer.from('{"a":[1,{"b":2}]}'))).toBe(3);
    expect(jsonDepth(Buffer.from('{"a":"[[[[{{{{\\"]]"}'))).toBe(1);
    expect(jsonDepth(Buffer.from('1'))).toBe(0);
  });
});
