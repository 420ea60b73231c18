// The answer kinds (issue 16) in the player: true or false, a number, a short text, blanks
// in a passage, pairs to match. run_player.mjs calls playAnswerKind for each such item once
// it has rendered and its stem was checked; `h` holds run_player's helpers.
//
// Checked per kind: true/false shows True and False, the key scores 1 (explanation shown),
// the other 0; a number: the key, a value inside the tolerance/range and its ends score 1, a
// value outside 0, the units beside the box; a short answer: each accepted answer 1, another
// capitalisation 1 or 0 as the item's case says, a wrong text 0; blanks: one box per blank
// with its hint as the placeholder, all right 1, the first one wrong its share less than 1;
// a match: every side shown, the right pairs 1, two swapped pairs their share less.
//
// Player limitation (not a bug of the item; QTI 2.1 defines toleranceMode): qti-components
// 7.27.4's qti-equal compares exactly whatever tolerance-mode says. Its toleranceMode
// property is declared without an attribute name, so Lit reads the attribute
// "tolerancemode", never qti-convert's "tolerance-mode"; and its getResult() supports only
// "exact" anyway ("toleranceMode is not supported yet", result false). So a number with a
// tolerance scores 1 for its exact answer only. Exactly that (another value inside the
// tolerance scoring 0) is recorded by h.playerLimit (a note under --skip-player-bugs, else a
// discrepancy); the exact answer and the values outside are judged as everywhere.
export const ANSWER_KINDS = new Set(['truefalse', 'numeric', 'short', 'cloze', 'matching']);
const fmt = x => String(Number(x.toPrecision(12)));

const boxes = page => page.locator('qti-text-entry-interaction input');

async function typeInto(page, index, text) {
  const box = boxes(page).nth(index);
  await box.click();
  await box.pressSequentially(text);
  await box.blur();
  await page.waitForTimeout(40);
}

async function explanationShown(h, p, it, s, after) {
  if (!it.explanation) return;
  const sol = s.mf.find(m => m.id === 'SOLUTION');
  if (!sol || !sol.open) h.diff(p, it.id, `explanation (SOLUTION feedback) shown after ${after}`, true, sol ? sol.open : 'missing');
  else if (!h.sig(sol.text).includes(h.sig(h.md(it.explanation)))) h.diff(p, it.id, 'explanation text', it.explanation, sol.text);
}

// The player's state after typing `texts` into the item's boxes, in order, and submitting.
async function typedScore(h, p, it, url, texts) {
  await h.render(url);
  for (const [i, text] of texts.entries()) await typeInto(h.page, i, text);
  await h.processResponse();
  return h.state();
}

async function trueFalse(h, p, it, url, r) {
  const ids = r.choices.map(c => c.id);
  if (ids.join() !== 'choice_true,choice_false') h.diff(p, it.id, 'true/false choices', 'choice_true,choice_false', ids.join());
  const texts = r.choices.map(c => h.sig(c.text)).join();
  if (texts !== 'true,false') h.diff(p, it.id, 'true/false labels', 'true,false', texts);
  if (r.maxChoices !== '1') h.diff(p, it.id, 'max-choices', '1', r.maxChoices);
  const key = it.truth ? 'choice_true' : 'choice_false';
  for (const [id, want] of [[key, 1], [key === 'choice_true' ? 'choice_false' : 'choice_true', 0]]) {
    await h.render(url);
    await h.click(id);
    await h.processResponse();
    const s = await h.state();
    await h.judgeScore(p, it.id, `score for ${id}`, want, s);
    if (want) await explanationShown(h, p, it, s, 'the right answer');
  }
}

async function numeric(h, p, it, url) {
  const { low, high } = it;
  const limited = it.written_as === 'tolerance' && it.tolerance > 0;
  const cases = [[it.answer, 1], [low, 1], [high, 1], [low + (high - low) * 0.25, 1],
    [high + Math.max(1, high - low), 0], [low - Math.max(1, high - low), 0]];
  for (const [x, want] of cases) {
    const s = await typedScore(h, p, it, url, [fmt(x)]);
    const got = h.num(s.vars.SCORE);
    const what = `score for ${fmt(x)} (accepted ${fmt(low)}..${fmt(high)})`;
    if (got === 0 && want === 1 && limited && x !== it.answer)
      h.playerLimit(p, it.id, `${what}: qti-equal compares exactly, whatever tolerance-mode says`, want, s.vars.SCORE);
    else if (got !== want) h.diff(p, it.id, what, want, s.vars.SCORE);
    if (x === it.answer && want === got) await explanationShown(h, p, it, s, 'the right answer');
  }
  if (it.units) {
    const units = await h.page.evaluate(() => document.querySelector('qti-item-body .units')?.textContent || '');
    if (h.sig(units) !== h.sig(h.md(it.units))) h.diff(p, it.id, 'units beside the box', it.units, units);
  }
}

const swapCase = t => [...t].map(c => c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()).join('');

async function short(h, p, it, url) {
  const typed = await h.page.evaluate(() => [...document.querySelectorAll('qti-correct-response qti-value, qti-map-entry')].map(e => e.getAttribute('map-key')).filter(Boolean));
  for (const text of it.accepted) {
    const plain = h.plain(text);
    if (!typed.includes(plain)) h.diff(p, it.id, `accepted answer ${text} in the mapping`, plain, typed);
    const s = await typedScore(h, p, it, url, [plain]);
    await h.judgeScore(p, it.id, `score for the accepted answer ${plain}`, 1, s);
    if (text === it.accepted[0]) await explanationShown(h, p, it, s, 'the right answer');
  }
  const other = swapCase(h.plain(it.accepted[0]));
  if (other !== h.plain(it.accepted[0])) {
    const s = await typedScore(h, p, it, url, [other]);
    await h.judgeScore(p, it.id, `score for ${other} (case ${it.case_sensitive ? 'sensitive' : 'insensitive'})`, it.case_sensitive ? 0 : 1, s);
  }
  const s = await typedScore(h, p, it, url, ['no such answer']);
  await h.judgeScore(p, it.id, 'score for a wrong answer', 0, s);
}

// The raw score of a passage: the sum of each blank's qti-map-response (SCORE is shown
// rounded to three decimals).
const blanksScore = page => page.evaluate(() => {
  const it = document.querySelector('qti-assessment-item');
  return [...it.querySelectorAll('qti-response-processing qti-map-response')].reduce((sum, mr) => {
    const v = it.variables.find(x => x.identifier === mr.getAttribute('identifier'));
    return sum + (v && v.value !== null && v.value !== '' ? mr.getResult() : 0);
  }, 0);
});

async function cloze(h, p, it, url) {
  const n = it.blanks.length;
  const shown = await h.page.evaluate(() => [...document.querySelectorAll('qti-text-entry-interaction')].map(e => e.getAttribute('placeholder-text')));
  if (shown.length !== n) { h.diff(p, it.id, 'text entry boxes, one per blank', n, shown.length); return; }
  it.blanks.forEach((b, i) => {
    const want = b.hint ? h.plain(b.hint) : null;
    if ((shown[i] || null) !== want) h.diff(p, it.id, `hint of blank ${i + 1} as its placeholder`, want, shown[i]);
  });
  const answers = it.blanks.map(b => h.plain(b.answer));
  let s = await typedScore(h, p, it, url, answers);
  let raw = await blanksScore(h.page);
  if (raw !== 1 || h.num(s.vars.SCORE) !== 1) h.diff(p, it.id, 'score with every blank right', 1, { raw, SCORE: s.vars.SCORE });
  await explanationShown(h, p, it, s, 'the right answer');
  s = await typedScore(h, p, it, url, ['no such word', ...answers.slice(1)]);
  raw = await blanksScore(h.page);
  const want = (n - 1) / n;
  if (!(raw < 1) || Math.abs(raw - want) > 2e-6 || Math.abs(h.num(s.vars.SCORE) - raw) > 5e-4)
    h.diff(p, it.id, 'score with the first blank wrong', want, { raw, SCORE: s.vars.SCORE });
  h.note(p, it.id, 'blanks: first wrong', { expected: want, player: s.vars.SCORE, mapped: raw });
}

// Pairs are made with the mouse: each left-hand side dragged onto its right-hand side.
async function pairUp(h, lefts, rights) {
  for (const [i, left] of lefts.entries()) {
    await h.page.locator(`qti-simple-associable-choice[identifier="${left}"]`).first()
      .dragTo(h.page.locator(`qti-simple-match-set:last-of-type qti-simple-associable-choice[identifier="${rights[i]}"]`));
    await h.page.waitForTimeout(60);
  }
}

async function matching(h, p, it, url) {
  const n = it.pairs.length;
  const sides = await h.page.evaluate(() => [...document.querySelectorAll('qti-simple-match-set')].map(set => [...set.querySelectorAll(':scope > qti-simple-associable-choice, qti-simple-associable-choice')].map(c => ({ id: c.getAttribute('identifier'), text: window.altText(c).trim() }))));
  const want = [it.pairs.map(x => x.left), [...it.pairs.map(x => x.right), ...(it.distractors || [])]];
  want.forEach((texts, k) => {
    const got = new Map((sides[k] || []).map(c => [c.id, c.text]));
    texts.forEach((t, i) => {
      const id = `${k ? 'right' : 'left'}_${i + 1}`;
      if (h.sig(got.get(id)) !== h.sig(h.md(t))) h.diff(p, it.id, `match side ${id}`, t, got.get(id));
    });
  });
  const lefts = it.pairs.map((_, i) => `left_${i + 1}`);
  const rights = it.pairs.map((_, i) => `right_${i + 1}`);
  await h.render(url);
  await pairUp(h, lefts, rights);
  await h.processResponse();
  let s = await h.state();
  const response = s.vars.RESPONSE;
  await h.judgeScore(p, it.id, 'score for the right pairs', 1, s);
  await explanationShown(h, p, it, s, 'the right pairs');
  await h.render(url);
  await pairUp(h, lefts, [rights[1], rights[0], ...rights.slice(2)]);
  await h.processResponse();
  s = await h.state();
  await h.judgeScore(p, it.id, 'score with the first two pairs swapped', (n - 2) / n, s);
  h.note(p, it.id, 'match responses', { right: response, swapped: s.vars.RESPONSE });
}

export async function playAnswerKind(h, p, it, url, r) {
  switch (it.kind) {
    case 'truefalse': return trueFalse(h, p, it, url, r);
    case 'numeric': return numeric(h, p, it, url);
    case 'short': return short(h, p, it, url);
    case 'cloze': return cloze(h, p, it, url);
    case 'matching': return matching(h, p, it, url);
  }
}
