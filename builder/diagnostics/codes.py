"""The registry of diagnostic codes: every code the compiler can report, with its
severity, a one-line summary and the documentation that explains it.

Every ``error()``, ``warning()`` and ``note()`` takes one of these (never a string), and
``tests/test_codes_documented.py`` checks that each is used with its own severity and
documented where it says. To add a code, add a constant here and a row in its doc page.
"""

from __future__ import annotations

# Re-exported: callers name them ``codes.Code`` and ``diagnostics.codes.Severity``.
from .code_types import Code as Code
from .code_types import Severity as Severity

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE

# Where each code is documented.
ANKI_ANSWER_KINDS = "docs/outputs/anki.md#answer-kinds"
ANKI_NOTE_TYPES = "docs/outputs/anki.md#note-types"
ANKI_THE_LOCK_FILE = "docs/outputs/anki.md#the-lock-file"
GIFT_MAPPING = "docs/outputs/gift.md#mapping"
GIFT_WHAT_GIFT_CANNOT_CARRY = "docs/outputs/gift.md#what-gift-cannot-carry"
HTML_PDF = "docs/outputs/html.md#pdf"
QTI_HOW_ITEMS_MAP = "docs/outputs/qti.md#how-items-map"
QTI_WHAT_IS_DROPPED_OR_CHANGED = "docs/outputs/qti.md#what-is-dropped-or-changed"
SOURCE_DIAGNOSTICS = "docs/source-format.md#diagnostics"
SOURCE_IMAGES = "docs/source-format.md#images"
SOURCE_LINT = "docs/source-format.md#lint"
SOURCE_RUNNING_THE_CODE = "docs/source-format.md#running-the-code"

ABSOLUTE_STATEMENT = Code("absolute-statement", W, SOURCE_LINT,
                          "a true-or-false statement with an absolute word (always, never...)")
ALL_OF_THE_ABOVE = Code("all-of-the-above", W, SOURCE_LINT,
                        "\"all/none/both/neither of the above\" options")
ALL_OPTIONS_CORRECT = Code("all-options-correct", W, SOURCE_LINT,
                           "an `Answers:` line that marks every option correct: ticking every "
                           "box scores full marks, so nothing is tested (reported at the "
                           "`Answers:` line); add a wrong option or make the item a flashcard")
ANKI_DISTRACTORS = Code("anki-distractors", N, ANKI_ANSWER_KINDS,
                        "distractors of cloze and matching items are not on their Anki cards")
ANKI_LOCK = Code("anki-lock", W, ANKI_THE_LOCK_FILE,
                 "the Anki lock beside the source is damaged; it is replaced and its notes "
                 "count as changed")
ANKI_OPTIONS_LOST = Code("anki-options-lost", W, ANKI_NOTE_TYPES,
                         "a question that lost its options becomes a flashcard note in Anki")
ANKI_TYPED_ANSWER = Code("anki-typed-answer", N, ANKI_ANSWER_KINDS,
                         "Anki checks a typed short answer exactly against the first accepted "
                         "answer; the others, and any case, are listed on the back")
ANNOTATION_NOT_FOR_KIND = Code("annotation-not-for-kind", E, SOURCE_DIAGNOSTICS,
                               "item lines misused")
ANNOTATION_WITHOUT_ITEM = Code("annotation-without-item", E, SOURCE_DIAGNOSTICS,
                               "a line the reader cannot place")
ANSWER_COUNT = Code("answer-count", E, SOURCE_DIAGNOSTICS,
                    "`Answer:` names several options; use `Answers:`")
ANSWER_NOT_AN_OPTION = Code("answer-not-an-option", E, SOURCE_DIAGNOSTICS,
                            "a letter with no such option")
ANSWER_POSITION_BIAS = Code("answer-position-bias", W, SOURCE_LINT,
                            "more than half of a page's single-answer keys (4 or more "
                            "questions) share one letter")
ANSWER_REPEATS_QUESTION = Code("answer-repeats-question", W, SOURCE_LINT,
                               "a flashcard answer that adds no content word to its question")
BAD_ANSWER = Code("bad-answer", E, SOURCE_DIAGNOSTICS, "`Answer:` is not a list of letters")
BAD_ATTEMPTS = Code("bad-attempts", E, SOURCE_DIAGNOSTICS,
                    "a challenge's `Attempts:` gives no number (`Attempts: many`, or no `N "
                    "left` line)")
BAD_BLANK = Code("bad-blank", E, SOURCE_DIAGNOSTICS,
                 "a cloze blank with no answer, or a `[[` or `]]` that does not pair up")
BAD_CASE = Code("bad-case", E, SOURCE_DIAGNOSTICS,
                "`Case:` is neither `sensitive` nor `insensitive`")
BAD_ID = Code("bad-id", E, SOURCE_DIAGNOSTICS, "ids must be unique and well-formed")
BAD_MINUTES = Code("bad-minutes", E, SOURCE_DIAGNOSTICS,
                   "`Minutes:` or `Order:` is not a whole number")
BAD_NUMBER = Code("bad-number", E, SOURCE_DIAGNOSTICS,
                  "a `Number:` key (or its tolerance or range end) is not a number")
BAD_ORDER = Code("bad-order", E, SOURCE_DIAGNOSTICS,
                 "`Minutes:` or `Order:` is not a whole number")
BADGE_INCOMPLETE = Code("badge-incomplete", W, SOURCE_DIAGNOSTICS, "page shape")
BAD_PAIR = Code("bad-pair", E, SOURCE_DIAGNOSTICS, "a matching pair with an empty side")
BAD_RANGE = Code("bad-range", E, SOURCE_DIAGNOSTICS,
                 "a `Number:` range whose first number is the larger")
BINARY_FILE = Code("binary-file", E, SOURCE_DIAGNOSTICS,
                   "the file is not a readable page (`no-items` only when nothing else on the "
                   "page was reported)")
CHALLENGE_COUNT = Code("challenge-count", W, SOURCE_DIAGNOSTICS, "page shape")
CHALLENGE_INCOMPLETE = Code("challenge-incomplete", E, SOURCE_DIAGNOSTICS,
                            "a challenge problem has no title after its timer line")
CLOZE_NO_BLANK = Code("cloze-no-blank", E, SOURCE_DIAGNOSTICS,
                      "a `Fill in the blanks` passage with no `[[blank]]`, or no passage")
CODE_NOT_RUN = Code("code-not-run", N, SOURCE_RUNNING_THE_CODE,
                    "`check --run-code`: a Predict Output snippet that could not run here "
                    "(a module not installed, the time or a limit, the sandbox) or raised; "
                    "its key was not checked")
CONCEPT_COUNT = Code("concept-count", W, SOURCE_DIAGNOSTICS,
                     "an open prompt's concept list is missing or short")
CONTROL_CHARACTER = Code("control-character", W, SOURCE_DIAGNOSTICS,
                         "an invisible control character was removed from this line")
DISTRACTOR_IS_ANSWER = Code("distractor-is-answer", E, SOURCE_DIAGNOSTICS,
                            "a `Distractors:` entry that is also a right answer")
DUPLICATE_ANNOTATION = Code("duplicate-annotation", E, SOURCE_DIAGNOSTICS, "item lines misused")
DUPLICATE_EXPLANATION = Code("duplicate-explanation", E, SOURCE_DIAGNOSTICS,
                             "explanation both under the verdict and in `Explanation:`")
DUPLICATE_ID = Code("duplicate-id", E, SOURCE_DIAGNOSTICS, "ids must be unique and well-formed")
DUPLICATE_OPTION = Code("duplicate-option", E, SOURCE_DIAGNOSTICS, "option problems")
DUPLICATE_SLUG = Code("duplicate-slug", E, SOURCE_DIAGNOSTICS,
                      "two pages whose outputs would have the same names (`a-b.txt` and "
                      "`a/b.txt`); the later one is left out of builds")
EMPTY_ANNOTATION = Code("empty-annotation", E, SOURCE_DIAGNOSTICS, "item lines misused")
EMPTY_FILE = Code("empty-file", E, SOURCE_DIAGNOSTICS,
                  "the file is not a readable page (`no-items` only when nothing else on the "
                  "page was reported)")
EXISTS = Code("exists", E, SOURCE_DIAGNOSTICS,
              "`import`: a page of that name is already in the source tree (`--force` "
              "overwrites it)")
FEEDBACK_NOT_AN_OPTION = Code("feedback-not-an-option", E, SOURCE_DIAGNOSTICS,
                              "a letter with no such option")
FLASHCARD_INCOMPLETE = Code("flashcard-incomplete", E, SOURCE_DIAGNOSTICS,
                            "flashcard shape broken")
FLASHCARD_UNTERMINATED = Code("flashcard-unterminated", E, SOURCE_DIAGNOSTICS,
                              "flashcard shape broken")
GIFT_CATEGORY = Code("gift-category", W, SOURCE_DIAGNOSTICS,
                     "a deck level Moodle's import does not store as written, at the header "
                     "line that made it")
GIFT_CASE_SENSITIVE = Code("gift-case-sensitive", N, GIFT_WHAT_GIFT_CANNOT_CARRY,
                           "GIFT cannot make a short answer case-sensitive; Moodle's import "
                           "ignores case")
GIFT_CHALLENGE = Code("gift-challenge", W, GIFT_WHAT_GIFT_CANNOT_CARRY,
                      "GIFT has no hint, time limit or attempts field; they go into the "
                      "question text")
GIFT_CLOZE_HINT = Code("gift-cloze-hint", N, GIFT_WHAT_GIFT_CANNOT_CARRY,
                       "GIFT has no field for a blank's hint; it is not written")
GIFT_CLOZE_SPLIT = Code("gift-cloze-split", N, GIFT_WHAT_GIFT_CANNOT_CARRY,
                        "a passage with several blanks is one missing-word question per blank")
GIFT_NO_KEY = Code("gift-no-key", W, GIFT_WHAT_GIFT_CANNOT_CARRY,
                   "a question with no correct option cannot be scored in Moodle")
GIFT_TAG = Code("gift-tag", W, GIFT_MAPPING, "a tag GIFT's [tag:] token cannot carry as written")
GIFT_TYPED_ANSWER = Code("gift-typed-answer", W, GIFT_WHAT_GIFT_CANNOT_CARRY,
                         "a typed answer Moodle's GIFT import would read otherwise (`->`, or "
                         "an escape placeholder such as `&&058;`)")
GIFT_WEIGHT = Code("gift-weight", W, GIFT_MAPPING,
                   "a multiple-answer question needs a weight Moodle's fraction list does not "
                   "have")
HINT_GIVES_ANSWER = Code("hint-gives-answer", W, SOURCE_LINT,
                         "a cloze blank whose hint holds its answer")
HTML_IMAGE_NOT_EMBEDDED = Code("html-image-not-embedded", W, SOURCE_IMAGES,
                               "a web address: the HTML sheets load nothing from the network "
                               "and show the description (the other outputs keep the address)")
ID_TOO_LONG = Code("id-too-long", E, SOURCE_DIAGNOSTICS,
                   "an `Id:` over 100 characters (Moodle's ID number limit); see [item "
                   "identity](#item-identity)")
IMAGE_OUTSIDE_SOURCE = Code("image-outside-source", W, SOURCE_IMAGES,
                            "an absolute path, a path or link out of the source folder, not an"
                            " image file, or an address the renderer refuses (`file:`, "
                            "`javascript:`, `data:`, any scheme but `http`, `https`, "
                            "`mailto`): every output shows the description instead")
IMAGE_TOO_LARGE = Code("image-too-large", W, SOURCE_IMAGES,
                       "over 256 KB: GIFT and the HTML sheets, which embed pictures in the "
                       "file, show the description instead (Anki and QTI packages include it)")
LOCK_WRITE = Code("lock-write", W, SOURCE_DIAGNOSTICS,
                  "`build` could not write the Anki lock beside the source")
LONG_ACCEPTED_ANSWER = Code("long-accepted-answer", W, SOURCE_LINT,
                            "a short answer whose accepted answers are all over five words")
LONG_CORRECT_OPTION = Code("long-correct-option", W, SOURCE_LINT,
                           "the key is ≥ 1.5× the distractors' mean length and 12+ characters "
                           "longer than any")
LONG_LINE = Code("long-line", W, SOURCE_DIAGNOSTICS,
                 "a line longer than its limit (see [size limits](#size-limits))")
MATCHING_REPEATED = Code("matching-repeated", E, SOURCE_DIAGNOSTICS,
                         "a matching question with a left or right side written twice")
MISSING_ANSWER_KEY = Code("missing-answer-key", E, SOURCE_DIAGNOSTICS,
                          "a choice question or challenge marks no correct option")
MISSING_CONCEPTS = Code("missing-concepts", W, SOURCE_DIAGNOSTICS,
                        "an open prompt's concept list is missing or short")
MISSING_EXPLANATION = Code("missing-explanation", W, SOURCE_LINT,
                           "a keyed question (choice, challenge or answer kind) without "
                           "`Explanation:`")
MISSING_IMAGE = Code("missing-image", E, SOURCE_IMAGES, "the file does not exist")
MISSING_SUBJECT = Code("missing-subject", W, SOURCE_DIAGNOSTICS, "page metadata missing")
MISSING_TITLE = Code("missing-title", W, SOURCE_DIAGNOSTICS, "page metadata missing")
NEAR_DUPLICATE = Code("near-duplicate", W, SOURCE_LINT,
                      "a question that nearly repeats another one anywhere in the tree (≥ 90% "
                      "alike, on the whole text and on its content words)")
NEGATIVE_TOLERANCE = Code("negative-tolerance", E, SOURCE_DIAGNOSTICS,
                          "a `Number:` tolerance below zero")
NO_ACCEPTED_ANSWER = Code("no-accepted-answer", E, SOURCE_DIAGNOSTICS,
                          "an `Accept:` line that names no answer")
NO_ITEMS = Code("no-items", E, SOURCE_DIAGNOSTICS,
                "the file is not a readable page (`no-items` only when nothing else on the "
                "page was reported)")
NO_PAGES = Code("no-pages", E, SOURCE_DIAGNOSTICS,
                "the file is not a readable page (`no-items` only when nothing else on the "
                "page was reported)")
NOT_UTF8 = Code("not-utf8", E, SOURCE_DIAGNOSTICS,
                "the file is not a readable page (`no-items` only when nothing else on the "
                "page was reported)")
NUMERIC_NO_TOLERANCE = Code("numeric-no-tolerance", W, SOURCE_LINT,
                            "a numeric answer with three or more decimals and no tolerance")
OPTION_GAP = Code("option-gap", E, SOURCE_DIAGNOSTICS,
                  "the option letters skip one (A, B, D); said at the first option after the "
                  "gap")
OPTIONS_LOST = Code("options-lost", W, SOURCE_DIAGNOSTICS,
                    "the page kept feedback but lost the options; built as a flashcard")
OPTIONS_MISSING = Code("options-missing", E, SOURCE_DIAGNOSTICS, "option problems")
OUTSIDE_SOURCE = Code("outside-source", W, SOURCE_DIAGNOSTICS,
                      "a page is a link to a file outside the source tree; it was not read")
PAGE_TOO_LARGE = Code("page-too-large", E, SOURCE_DIAGNOSTICS,
                      "a page over 1 MB (see [size limits](#size-limits))")
PAIR_REPEATS_LEFT = Code("pair-repeats-left", W, SOURCE_LINT,
                         "a matching pair whose right side repeats its left side")
PDF_FAILED = Code("pdf-failed", W, HTML_PDF,
                  "a sheet did not print to PDF; the HTML is written and the next build tries "
                  "again")
PDF_SKIPPED = Code("pdf-skipped", W, HTML_PDF,
                   "no Chromium was found, so the sheets are not printed to PDF")
QTI12_ATTEMPTS = Code("qti12-attempts", W, QTI_HOW_ITEMS_MAP,
                      "Canvas has one number of attempts per quiz; the page's challenges "
                      "differ")
QTI12_BLANK_HINT = Code("qti12-blank-hint", N, QTI_WHAT_IS_DROPPED_OR_CHANGED,
                        "Canvas blanks have no hint; the hints of blanks are left out")
QTI12_CASE_SENSITIVE = Code("qti12-case-sensitive", N, QTI_WHAT_IS_DROPPED_OR_CHANGED,
                            "Canvas compares short answers without regard to case")
QTI12_CLOZE_DISTRACTORS = Code("qti12-cloze-distractors", N, QTI_WHAT_IS_DROPPED_OR_CHANGED,
                               "Canvas blanks are typed; a passage's distractors are left out")
QTI12_CONTROL_CHARACTER = Code("qti12-control-character", W, QTI_WHAT_IS_DROPPED_OR_CHANGED,
                               "characters XML cannot hold were removed")
QTI12_ESSAY = Code("qti12-essay", N, QTI_HOW_ITEMS_MAP,
                   "QTI 1.2 has no flashcard or open-prompt type; they become essay questions")
QTI12_HINT = Code("qti12-hint", N, QTI_HOW_ITEMS_MAP,
                  "Canvas has no hint field; hints are folded under their question")
QTI12_MATCH_MARKUP = Code("qti12-match-markup", N, QTI_WHAT_IS_DROPPED_OR_CHANGED,
                          "Canvas shows the right-hand sides of a match as plain text")
QTI12_MEDIA = Code("qti12-media", W, QTI_WHAT_IS_DROPPED_OR_CHANGED,
                   "a picture the QTI 1.2 package cannot carry is shown as its description")
QTI12_NO_KEY = Code("qti12-no-key", W, QTI_WHAT_IS_DROPPED_OR_CHANGED,
                    "a question with no correct option cannot be scored in QTI 1.2")
QTI12_TIME_LIMIT = Code("qti12-time-limit", W, QTI_HOW_ITEMS_MAP,
                        "Canvas has one time limit per quiz; it gets the sum of the challenge "
                        "times")
QTI21_BLANK_HINT_MARKUP = Code("qti21-blank-hint-markup", N, QTI_WHAT_IS_DROPPED_OR_CHANGED,
                               "a blank's hint is plain placeholder text in QTI 2.1")
QTI21_CLOZE_DISTRACTORS = Code("qti21-cloze-distractors", N, QTI_WHAT_IS_DROPPED_OR_CHANGED,
                               "QTI 2.1 blanks are typed; distractors are left out")
QTI21_CONTROL_CHARACTER = Code("qti21-control-character", W, QTI_WHAT_IS_DROPPED_OR_CHANGED,
                               "characters XML cannot hold were removed")
QTI21_ESSAY = Code("qti21-essay", N, QTI_HOW_ITEMS_MAP,
                   "QTI 2.1 has no flashcard or open-prompt type; they become essay questions")
QTI21_MEDIA = Code("qti21-media", W, QTI_WHAT_IS_DROPPED_OR_CHANGED,
                   "a picture the QTI 2.1 package cannot carry is shown as its description")
QTI21_NO_KEY = Code("qti21-no-key", W, QTI_WHAT_IS_DROPPED_OR_CHANGED,
                    "a question with no correct option cannot be scored in QTI 2.1")
REPEATED_ANSWER = Code("repeated-answer", W, SOURCE_DIAGNOSTICS,
                       "an `Accept:` line that names one answer twice")
SECOND_CHALLENGE = Code("second-challenge", W, SOURCE_DIAGNOSTICS, "page shape")
SIMILAR_OPTIONS = Code("similar-options", W, SOURCE_LINT,
                       "two options ≥ 92% alike that differ only trivially: case, punctuation,"
                       " an article, a word's spelling (a plural, a typo); not when a number, "
                       "a negation or another word differs (\"O(1)\" and \"O(log n)\"), nor for "
                       "printed-output options. The message quotes both")
SKIPPED = Code("skipped", W, SOURCE_DIAGNOSTICS,
               "`build --keep-going` left out an item with errors")
STRAY_DIFFICULTY = Code("stray-difficulty", E, SOURCE_DIAGNOSTICS,
                        "a difficulty line before a multiple-choice question")
SUBJECT_UNSPLIT = Code("subject-unsplit", W, SOURCE_DIAGNOSTICS, "page metadata missing")
TAG_CHANGED = Code("tag-changed", W, SOURCE_DIAGNOSTICS,
                   "a tag every output writes differently from the `Tags:` line (see [page "
                   "header](#page-header))")
TODO = Code("todo", E, SOURCE_DIAGNOSTICS, "a `TODO` placeholder is still there")
TOO_FEW_OPTIONS = Code("too-few-options", E, SOURCE_DIAGNOSTICS, "option problems")
TOO_FEW_PAIRS = Code("too-few-pairs", E, SOURCE_DIAGNOSTICS,
                     "a matching question with fewer than three pairs")
UNKNOWN_ANNOTATION = Code("unknown-annotation", E, SOURCE_DIAGNOSTICS,
                          "a misspelt item key (`Anwser:`); the key meant is named")
UNKNOWN_DIFFICULTY = Code("unknown-difficulty", E, SOURCE_DIAGNOSTICS,
                          "not one of the four levels (a near miss is named)")
UNREADABLE = Code("unreadable", E, SOURCE_DIAGNOSTICS,
                  "the file is not a readable page (`no-items` only when nothing else on the "
                  "page was reported)")
UNRECOGNISED_HEADER_LINE = Code("unrecognised-header-line", W, SOURCE_DIAGNOSTICS, "page shape")
UNRECOGNISED_LINE = Code("unrecognised-line", E, SOURCE_DIAGNOSTICS,
                         "a line the reader cannot place")
WRONG_KEY = Code("wrong-key", E, SOURCE_RUNNING_THE_CODE,
                 "`check --run-code`: a Predict Output snippet prints something other than "
                 "its keyed option")

# Every code above, in the order written (alphabetical).
CODES: tuple[Code, ...] = tuple(v for v in list(vars().values()) if isinstance(v, Code))


def named(code: str) -> Code:
    """The registered code printed as ``code`` (for writers that name theirs after their
    format, such as ``qti12-essay``). KeyError if there is none."""
    for known in CODES:
        if known.code == code:
            return known
    raise KeyError(code)
