import { PROBLEMS } from '../../../server/domain/problems';
import { WORKFLOW_PROBLEMS, type WorkflowProblemCode, fail, httpStatusOf, problem } from '../../../server/domain/workflow/problems';

describe('workflow problem codes', () => {
  const codes = Object.keys(WORKFLOW_PROBLEMS).map(Number) as WorkflowProblemCode[];
  test.each(codes)('%s has an Indonesian message and an HTTP status in 4xx', (code) => {
    expect(WORKFLOW_PROBLEMS[code].length).toBeGreaterThan(10);
    expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
    expect(httpStatusOf(code)).toBeLessThan(500);
    expect(problem(code)).toEqual({ code, message: WORKFLOW_PROBLEMS[code] });
  });
  test('details travel with the problem', () => {
    expect(fail(422.4, [{ line: 2 }])).toEqual({ ok: false, problem: { code: 422.4, message: WORKFLOW_PROBLEMS[422.4], details: [{ line: 2 }] } });
  });
});

describe('agreement with the project catalogue (server/domain/problems.ts)', () => {
  const codes = Object.keys(WORKFLOW_PROBLEMS).map(Number) as WorkflowProblemCode[];
  test.each(codes)('%s exists in the catalogue with the same message', (code) => {
    expect((PROBLEMS as Record<number, string>)[code]).toBe(WORKFLOW_PROBLEMS[code]);
  });
});
