/* Optional: remember the picks so the back can say which were right. The options
   are labelled inputs, so tapping works without this script. */
(function () {
  try {
    var key = "sb-picked-" + (document.querySelector(".sb-options") || {}).getAttribute("data-note");
    var save = function () {
      var picked = [];
      document.querySelectorAll(".sb-options input:checked").forEach(function (i) { picked.push(i.value); });
      sessionStorage.setItem(key, picked.join(""));
    };
    sessionStorage.removeItem(key);
    document.querySelectorAll(".sb-options input").forEach(function (i) { i.addEventListener("change", save); });
  } catch (e) { /* no storage: the back still marks every option */ }
})();
