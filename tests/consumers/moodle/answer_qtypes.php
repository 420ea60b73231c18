<?php
// STUBS (written for this harness, not Moodle's code; kept out of stubs/, which holds the
// shared harness as published, checksummed in ../SHA256SUMS): the options of the question types
// Moodle's GIFT parser (vendor/, real) makes for the answer kinds, stored the way Moodle 5's
// qtype_truefalse, qtype_shortanswer, qtype_numerical and qtype_match save them, in their
// tables and columns, with the notices those save_question_options() return for a
// question they cannot use. Nothing here parses GIFT: every value comes from the question
// object qformat_gift::readquestion() built. What the real code does beyond this (files,
// units tables, hints, combined feedback) is not run; README.md "Limits" says so.

/** Answers as qtype_*::save_question_options store them: question_answers rows. */
function harness_save_answer($questionid, $text, $fraction, $feedback) {
    global $DB;
    return $DB->insert_record('question_answers', (object) [
        'question' => $questionid, 'answer' => $text, 'answerformat' => FORMAT_PLAIN,
        'fraction' => (float) $fraction,
        'feedback' => trim($feedback['text'] ?? ''), 'feedbackformat' => $feedback['format'] ?? FORMAT_HTML,
    ]);
}

/** STUB of qtype_truefalse: a "True" and a "False" answer, fractions from correctanswer. */
class qtype_truefalse extends question_type {
    public function save_question_options($question) {
        global $DB;
        $true = harness_save_answer($question->id, 'True',
            $question->correctanswer, $question->feedbacktrue);
        $false = harness_save_answer($question->id, 'False',
            1 - $question->correctanswer, $question->feedbackfalse);
        $DB->insert_record('question_truefalse', (object) ['question' => $question->id,
            'trueanswer' => $true, 'falseanswer' => $false, 'showstandardinstruction' => 0]);
        return null;
    }
}

/** STUB of qtype_shortanswer: every non-blank answer; usecase as the question says (GIFT
 *  never sets it: Moodle's default 0, case unimportant); a notice when none scores 100%. */
class qtype_shortanswer extends question_type {
    public function save_question_options($question) {
        global $DB;
        $result = new stdClass();
        $max = 0;
        foreach ($question->answer as $key => $answer) {
            if (trim($answer) === '') {
                continue;
            }
            harness_save_answer($question->id, trim($answer), $question->fraction[$key], $question->feedback[$key]);
            $max = max($max, $question->fraction[$key]);
        }
        $DB->insert_record('qtype_shortanswer_options', (object) ['questionid' => $question->id,
            'usecase' => (int) ($question->usecase ?? 0)]);
        if ($max < 0.9999999) {
            // lang/en/question.php fractionsnomax (approx.: wording reconstructed)
            $result->notice = 'One of the answers should have a score of 100% so it is possible to get full marks for this question.';
            return $result;
        }
        return null;
    }
}

/** STUB of qtype_numerical: an answer row and a question_numerical row (its tolerance)
 *  per answer; `*` is "any other answer". */
class qtype_numerical extends question_type {
    public function save_question_options($question) {
        global $DB;
        foreach ($question->answer as $key => $answer) {
            $text = trim((string) $answer);
            $id = harness_save_answer($question->id, $text, $question->fraction[$key], $question->feedback[$key]);
            $tolerance = trim((string) $question->tolerance[$key]);
            $DB->insert_record('question_numerical', (object) ['question' => $question->id, 'answer' => $id,
                'tolerance' => $tolerance === '' ? '0' : $tolerance]);
        }
        return null;
    }
}

/** STUB of qtype_match: one qtype_match_subquestions row per pair that is not blank on
 *  both sides; the notices of the real code for an unmatched question and for fewer than
 *  two questions or three answers. */
class qtype_match extends question_type {
    public function save_question_options($question) {
        global $DB;
        $result = new stdClass();
        $questions = 0;
        $answers = 0;
        foreach ($question->subquestions as $key => $sub) {
            $text = trim($sub['text']);
            $answer = trim($question->subanswers[$key]);
            if ($text === '' && $answer === '') {
                continue;
            }
            $DB->insert_record('qtype_match_subquestions', (object) ['questionid' => $question->id,
                'questiontext' => $text, 'questiontextformat' => $sub['format'], 'answertext' => $answer]);
            if ($text !== '' && $answer === '') {
                // lang/en/qtype_match.php nomatchinganswerforq (approx.)
                $result->notice = "You must specify an answer for this question. ($text)";
            }
            $questions += $text !== '';
            $answers += $answer !== '';
        }
        $DB->insert_record('qtype_match_options', (object) ['questionid' => $question->id,
            'shuffleanswers' => (int) ($question->shuffleanswers ?? 1)]);
        if (!empty($result->notice)) {
            return $result;
        }
        if ($questions < 2 || $answers < 3) {
            // lang/en/qtype_match.php notenoughqsandas (approx.)
            $result->notice = 'You must supply at least 2 questions and 3 answers.';
            return $result;
        }
        return null;
    }
}

// question_bank (stubs/moodle_stubs.php) knows multichoice and essay; these four are
// registered in its table from here, so that the published stubs stay as they are.
(function () {
    $table = new ReflectionProperty('question_bank', 'qtypes');
    $known = $table->getValue();
    foreach (['truefalse', 'shortanswer', 'numerical', 'match'] as $name) {
        $class = 'qtype_' . $name;
        $known[$name] = new $class();
    }
    $table->setValue(null, $known);
})();
