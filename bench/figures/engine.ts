/**
 * In-process figures for the questionnaire engine, warm (after a few hundred untimed calls):
 *  - render the largest bundled instrument's whole form to HTML with a complete set of answers
 *    (server/render; target ≤ 2 ms p50). Baseline: one plain Handlebars template printing an
 *    <input> per question of the same instrument — the least any server-rendered form costs.
 *  - validate (submit mode) + score one complete LKS response (server/domain/forms; target
 *    ≤ 0.2 ms p50). Baseline: the instrument's compiled Ajv validator alone on the same answers.
 */
import path from 'node:path';
import Handlebars from 'handlebars';
import { loadBundledForms, questions, score, validateAnswers, type LoadedForm } from '../../server/domain/forms';
import { renderForm } from '../../server/render';
import { completeAnswers } from '../fixtures/complete-response';
import { ROOT } from '../processes';
import { measured, unavailable, type Figure, type FigureResult } from '../report';
import { summarise, timeSync } from '../stats';

const ITERATIONS = 2000;
const RENDER_TARGET_MS = 2;
const VALIDATE_TARGET_MS = 0.2;

const PLAIN_FORM = Handlebars.compile(
  '<form method="post">{{#each fields}}<label for="{{id}}">{{title}}</label><input id="{{id}}" name="{{path}}" value="{{value}}">{{/each}}</form>',
);

function largest(forms: readonly LoadedForm[]): LoadedForm {
  return [...forms].sort((a, b) => questions(b).length - questions(a).length)[0];
}

function renderFigure(form: LoadedForm): FigureResult {
  const answers = completeAnswers(form);
  const fields = questions(form).filter((q) => q.kind === 'question').map((q, i) => ({ id: `f${i}`, title: q.title, path: q.path, value: 'x' }));
  const html = renderForm({ form, answers });
  const ours = summarise(timeSync(() => renderForm({ form, answers }), ITERATIONS));
  const plain = summarise(timeSync(() => PLAIN_FORM({ fields }), ITERATIONS));
  return measured({
    name: `render largest instrument (${form.key}, warm, p50)`, unit: 'ms', value: ours.p50,
    baseline: { name: 'plain Handlebars, one input per question', value: plain.p50 },
    target: `≤ ${RENDER_TARGET_MS} ms`,
    note: `${fields.length} questions, ${Math.round(html.length / 1024)} KB of HTML; p99 ${ours.p99.toFixed(2)} ms`,
  }, (v) => v <= RENDER_TARGET_MS);
}

function validateFigure(form: LoadedForm): FigureResult {
  const answers = completeAnswers(form);
  const check = validateAnswers(form, answers, { mode: 'submit' });
  if (!check.ok) throw new Error(`generated LKS response is not valid: ${JSON.stringify(check.errors.slice(0, 3))}`);
  const ours = summarise(timeSync(() => { validateAnswers(form, answers, { mode: 'submit' }); score(form, answers); }, ITERATIONS * 5));
  const ajv = summarise(timeSync(() => form.runtime.validate(answers), ITERATIONS * 5));
  // Each part alone, so whoever optimises knows where the time goes.
  const validateOnly = summarise(timeSync(() => validateAnswers(form, answers, { mode: 'submit' }), ITERATIONS * 5));
  const scoreOnly = summarise(timeSync(() => score(form, answers), ITERATIONS * 5));
  return measured({
    name: 'validate + score one complete LKS response (p50)', unit: 'ms', value: ours.p50,
    baseline: { name: 'compiled Ajv validator alone', value: ajv.p50 },
    target: `≤ ${VALIDATE_TARGET_MS} ms`,
    note: `answers ${JSON.stringify(answers).length} B JSON; p99 ${ours.p99.toFixed(3)} ms; validate alone p50 ${validateOnly.p50.toFixed(3)} ms, score alone p50 ${scoreOnly.p50.toFixed(3)} ms`,
  }, (v) => v <= VALIDATE_TARGET_MS);
}

export const engine: Figure = {
  id: 'engine',
  async run() {
    const { forms } = loadBundledForms(path.join(ROOT, 'forms'));
    if (forms.length === 0) {
      return [
        unavailable('render largest instrument (warm, p50)', 'ms', `≤ ${RENDER_TARGET_MS} ms`, 'no valid instrument in forms/'),
        unavailable('validate + score one complete LKS response (p50)', 'ms', `≤ ${VALIDATE_TARGET_MS} ms`, 'no valid instrument in forms/'),
      ];
    }
    const lks = forms.find((f) => f.key.startsWith('lks-monev-tahunan@'));
    return [
      renderFigure(largest(forms)),
      lks ? validateFigure(lks)
        : unavailable('validate + score one complete LKS response (p50)', 'ms', `≤ ${VALIDATE_TARGET_MS} ms`, 'forms/lks-monev-tahunan.json missing'),
    ];
  },
};
