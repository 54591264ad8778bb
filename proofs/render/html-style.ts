/** The HTML report's style sheet, inlined so that the page is one self-contained file. */
export const htmlStyle = `
:root { --yes: #f6c9c4; --yes-bad: #d9534f; --no: #d7f0d4; --unknown: #fde9a9; --line: #d0d4da; --muted: #5b6470; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; padding: 1.5rem; max-width: 1200px; color: #1d2329; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.3rem; margin: 2rem 0 .25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; } h4 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
.muted { color: var(--muted); }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f1f3f5; font-weight: 600; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; }
.holds, .virtualizable { background: #2e7d32; color: #fff; } .fails, .not-virtualizable { background: #c62828; color: #fff; }
.inconclusive { background: #f9a825; color: #222; } .hybrid { background: #1565c0; color: #fff; }
table.matrix th.def { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-size: 12px; }
table.matrix td.answer { text-align: center; min-width: 2.2em; }
td.answer.yes { background: var(--yes); } td.answer.no { background: var(--no); color: #4a6b47; } td.answer.unknown { background: var(--unknown); }
td.answer.violation { background: var(--yes-bad); color: #fff; font-weight: 700; }
.legend span { display: inline-block; padding: 0 8px; margin-right: 6px; border: 1px solid var(--line); }
.witness { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .9rem; margin: .75rem 0; background: #fbfcfd; }
table.states td.diff { background: #ffe08a; font-weight: 700; }
table.states td.diff::after { content: " \\2260"; color: #a15c00; }
ul.readings li { margin: .2rem 0; }
.error { border-left: 4px solid #c62828; padding-left: .75rem; }
`;
