/* Optional: mark what the learner picked on the front (remember-picks.js). The words
   are in the card (hidden until needed); without a script the back still marks every
   right option. */
(function () {
  try {
    var list = document.querySelector(".sb-key");
    var result = document.querySelector(".sb-result");
    var picked = sessionStorage.getItem("sb-picked-" + list.getAttribute("data-note")) || "";
    if (!picked) { return; }
    var multiple = list.getAttribute("data-multiple") === "yes";
    var right = 0, wrong = 0;
    var show = function (root, selector) {
      root.querySelectorAll(selector).forEach(function (el) { el.hidden = false; });
    };
    var fill = function (selector, text) {
      result.querySelectorAll(selector).forEach(function (el) { el.textContent = text; });
    };
    list.querySelectorAll("li[data-letter]").forEach(function (li) {
      var correct = li.classList.contains("sb-correct");
      if (picked.indexOf(li.getAttribute("data-letter")) >= 0) {
        li.classList.add("sb-picked");
        show(li, ".sb-label-picked");
        if (correct) { right += 1; } else { wrong += 1; }
      } else if (correct && multiple) {
        li.classList.add("sb-missed");
        show(li, ".sb-label-missed");
      }
    });
    if (multiple) {
      fill(".sb-n-right", String(right));
      fill(".sb-n-wrong", String(wrong));
      show(result, ".sb-score");
    } else {
      fill(".sb-your", picked);
      show(result, wrong ? ".sb-score-wrong" : ".sb-score-right");
    }
    result.classList.add(wrong || (multiple && right < list.querySelectorAll(".sb-correct").length)
                         ? "sb-result-wrong" : "sb-result-right");
  } catch (e) { /* no storage or no picks: the marks below do not need the script */ }
})();
