(function () {
  try {
    var list = document.querySelector(".sb-key");
    var picked = sessionStorage.getItem("sb-picked-" + list.getAttribute("data-note")) || "";
    list.querySelectorAll("li[data-letter]").forEach(function (li) {
      if (picked.indexOf(li.getAttribute("data-letter")) >= 0) { li.classList.add("sb-picked"); }
    });
  } catch (e) { /* the marks below do not need the script */ }
})();
