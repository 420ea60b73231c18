// Parse GIFT texts with gift-pegjs and print what it read, as JSON.
//   node parse.js          stdin: a JSON array of GIFT texts; stdout: a JSON array of results
//   node parse.js --lines  stdin: one JSON string (a GIFT text) a line; stdout: one result a line
// A result is {"questions": [...]} or {"error": {"message", "line", "column"}}.
"use strict";
const readline = require("readline");
const { parse } = require("gift-pegjs");

function read(text) {
  try {
    return { questions: parse(text) };
  } catch (e) {
    const start = e.location ? e.location.start : {};
    return { error: { message: String(e.message), line: start.line, column: start.column } };
  }
}

if (process.argv.includes("--lines")) {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    process.stdout.write(JSON.stringify(read(JSON.parse(line))) + "\n");
  });
} else {
  let input = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => { input += chunk; });
  process.stdin.on("end", () => {
    process.stdout.write(JSON.stringify(JSON.parse(input).map(read)));
  });
}
