// The report's stylesheet: system fonts, WCAG AA contrast, visible focus, print-friendly.
export const REPORT_CSS = `
:root{color-scheme:light;--fg:#111827;--muted:#4b5563;--line:#d1d5db;--bg:#fff;--alt:#f3f4f6;--accent:#1d4ed8}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:1280px;margin:0 auto;padding:0 20px}
header{padding-top:16px;border-bottom:1px solid var(--line)}
form.signout{float:right;margin:4px 0 0 12px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px}h3{font-size:15px;margin:18px 0 8px}
.meta{color:var(--muted);margin:0 0 12px}
.outcome{margin:0 0 10px}.outcome-incomplete{padding:10px 12px;border:1px solid #b91c1c;background:#fef2f2;color:#7f1d1d;font-weight:600}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;overflow-wrap:anywhere}
a{color:var(--accent)}
a:focus,button:focus,select:focus,input:focus,summary:focus{outline:3px solid #f59e0b;outline-offset:1px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:10}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0;padding:0;list-style:none}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:150px}
.card .n{display:block;font-size:22px;font-weight:700}.card .l{color:var(--muted)}
.grid{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.grid>*{flex:1 1 420px;min-width:0}
figure{margin:0}figcaption{color:var(--muted);font-size:13px;margin-top:4px}
.chart{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
thead th{background:var(--alt);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even)>*{background:#fafafa}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.s-FAIL{color:#9b1c1c}.s-PASS{color:#166534}.s-ERROR{color:#92400e}.s-MUTED{color:#4b5563}
.v-critical{color:#9b1c1c}.v-high{color:#c2410c}.v-medium{color:#854d0e}.v-low{color:#1d4ed8}.v-informational{color:#4b5563}
details{margin:4px 0 12px}summary{cursor:pointer;color:var(--accent)}
form.filters{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:flex-end;margin:8px 0}
form.filters label{display:flex;flex-direction:column;font-size:12.5px;color:var(--muted);gap:2px}
select,input[type=search]{font:inherit;padding:4px 6px;border:1px solid #6b7280;border-radius:4px;background:#fff;color:var(--fg);max-width:260px}
button{font:inherit;padding:4px 10px;border:1px solid #6b7280;border-radius:4px;background:#fff;color:var(--fg);cursor:pointer}
button[disabled]{opacity:.5;cursor:default}
th button.sort{border:0;background:none;padding:0;font-weight:600}
th[aria-sort=ascending] button.sort::after{content:" \\25B2"}th[aria-sort=descending] button.sort::after{content:" \\25BC"}
button.expand{padding:0 6px;min-width:28px}
tr.detail td{background:#f9fafb!important;padding:10px 14px}
tr.detail dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0}
tr.detail dt{font-weight:600;color:var(--muted)}tr.detail dd{margin:0;min-width:0}
pre{margin:0;white-space:pre-wrap;word-break:break-word;font-size:12.5px;background:#fff;border:1px solid var(--line);padding:6px;border-radius:4px;max-height:320px;overflow:auto}
td.res{max-width:240px;overflow-wrap:anywhere}td.msg{max-width:360px}td.basis{color:var(--muted);font-size:12.5px}
td.id,td.date,td.num{white-space:nowrap}td.id .region{color:var(--muted);font-size:12.5px}
.clamp{display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
a.console{font-size:12px;white-space:nowrap}
.tabs{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}.tabs button[aria-pressed=true]{background:var(--fg);color:#fff;border-color:var(--fg)}
dl.evidence{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
td.check{max-width:200px}
@media (max-width:1100px){header,main{padding:0 10px}th,td{padding:4px 5px}td.msg{max-width:200px}td.res{max-width:190px;min-width:150px}td.check{max-width:140px}table.findings{font-size:13px}}
nav.pager{display:flex;gap:10px;align-items:center;margin:8px 0 40px}
.note{color:var(--muted)}
@media print{form.filters,nav.pager,button.expand{display:none}}
`;
