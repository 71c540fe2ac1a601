/** The report's whole stylesheet (inlined: the page works offline). */
export const REPORT_CSS = `
:root{--bg:#f4f5f7;--panel:#fff;--ink:#1f2430;--muted:#667085;--line:#e3e6eb;--grid:#eef0f3;
--blurry:#e0362c;--dark:#6d3fd6;--overexposed:#e08a00;--idle:#1a9c5b;--dup:#0b7f95;--unreadable:#8a5a00;
--sharp:#2563eb;--level:#334155;--motion:#0f766e}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:1240px;margin:0 auto;padding:24px 28px 40px}
header h1{margin:0 0 4px;font-size:24px;letter-spacing:-.01em}
h2{font-size:19px;margin:0 0 2px}
h3{font-size:15px;margin:26px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h4{font-size:13px;margin:0 0 6px;font-weight:600}
small{color:var(--muted);font-weight:400}
code{font:12px ui-monospace,SFMono-Regular,Menlo,"DejaVu Sans Mono",monospace;background:#eef1f5;padding:1px 4px;border-radius:4px}
.meta{color:var(--muted);margin:0 0 12px;font-size:13px}
nav{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 4px}
nav a{padding:3px 10px;border-radius:999px;background:var(--panel);border:1px solid var(--line);color:var(--ink);text-decoration:none;font-size:13px}
section{background:var(--panel);border:1px solid var(--line);border-radius:12px;padding:18px 20px;margin:18px 0;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(92px,1fr));gap:8px;margin:10px 0}
.card{border:1px solid var(--line);border-radius:10px;padding:8px 10px;background:#fafbfc;border-top:3px solid #cfd5dd}
.card .n{font-size:21px;font-weight:650;font-variant-numeric:tabular-nums}
.card .l{font-size:12px;color:var(--muted)}
.card .pct{display:block;color:#98a2b3}
.card.nonzero.blurry{border-top-color:var(--blurry)}.card.nonzero.dark{border-top-color:var(--dark)}
.card.nonzero.overexposed{border-top-color:var(--overexposed)}.card.nonzero.idle{border-top-color:var(--idle)}
.card.nonzero.dup{border-top-color:var(--dup)}.card.nonzero.unreadable{border-top-color:var(--unreadable)}
.reasons{margin:4px 0;font-size:13px;color:var(--muted)}
.chip{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;background:#fdf3e1;color:var(--unreadable);border:1px solid #f2dcb3}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}
table.streams{margin-top:12px;width:100%}
table th,table td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
table th:first-child,table td:first-child{text-align:left}
table thead th{font-size:12px;color:var(--muted);font-weight:600;background:#fafbfc}
table.data{width:100%}table.data th,table.data td{text-align:left}table.data td:last-child{white-space:normal}
.chart{margin:8px 0 14px}
.chart-head{display:flex;justify-content:space-between;align-items:baseline;gap:12px;flex-wrap:wrap}
.legend{font-size:12px;color:var(--muted);display:flex;gap:12px;flex-wrap:wrap;align-items:center}
.key{display:inline-block;width:16px;height:0;border-top:2px solid;margin-right:5px;vertical-align:middle}
.key.dash{border-top-style:dashed}
.key.dot{width:9px;height:9px;border:0;border-radius:50%}
.key.box{width:14px;height:10px;border:0;background:rgba(26,156,91,.22);border-left:2px solid var(--idle)}
.key.s-sharp{border-color:var(--sharp)}.key.s-level{border-color:var(--level)}.key.s-ref{border-color:#98a2b3}
.key.s-darkline{border-color:var(--dark)}.key.s-motion{border-color:var(--motion)}.key.threshold{border-color:var(--blurry)}
.key.dot.blurry{background:var(--blurry)}.key.dot.dark{background:var(--dark)}.key.dot.overexposed{background:var(--overexposed)}
.note{display:block;font-size:12px;color:var(--muted);margin-bottom:4px}
svg.timeline{width:100%;height:auto;display:block;background:#fcfcfd;border:1px solid var(--line);border-radius:8px}
svg .grid{stroke:var(--grid);stroke-width:1}
svg .axis{stroke:#c4cad3;stroke-width:1}
svg .tick{font-size:11px;fill:#8a94a6;font-family:system-ui,sans-serif}
svg .threshold{stroke:var(--blurry);stroke-width:1;stroke-dasharray:5 4;opacity:.7}
svg path.line{fill:none;stroke-width:1.5;stroke-linejoin:round}
svg .line.dashed{stroke-dasharray:6 4;stroke-width:1.2}
svg .band{stroke:none;opacity:.18}
svg .s-sharp{stroke:var(--sharp)}
svg .s-level{stroke:var(--level)}
svg .s-ref{stroke:#98a2b3}
svg .s-darkline{stroke:var(--dark);opacity:.7}
svg .s-motion{stroke:var(--motion)}
svg path.band.s-sharp{fill:var(--sharp)}svg path.band.s-level{fill:var(--level)}svg path.band.s-motion{fill:var(--motion)}
svg .idle-interval{fill:rgba(26,156,91,.18);stroke:var(--idle);stroke-width:1}
svg .flag-marker{stroke:#fff;stroke-width:1.2}
svg .flag-marker.blurry{fill:var(--blurry)}svg .flag-marker.dark{fill:var(--dark)}svg .flag-marker.overexposed{fill:var(--overexposed)}
.flag-group{margin:10px 0 16px}
.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px}
.dot.blurry{background:var(--blurry)}.dot.dark{background:var(--dark)}.dot.overexposed{background:var(--overexposed)}
.count{display:inline-block;min-width:22px;padding:0 7px;margin-left:4px;border-radius:999px;background:#eef1f5;color:var(--muted);font-size:12px;font-weight:600;text-align:center}
.tiles{display:flex;flex-wrap:wrap;gap:10px}
figure.thumb{margin:0;width:168px;background:#fafbfc;border:1px solid var(--line);border-radius:8px;padding:4px;border-bottom:3px solid #cfd5dd}
figure.thumb.blurry{border-bottom-color:var(--blurry)}figure.thumb.dark{border-bottom-color:var(--dark)}
figure.thumb.overexposed{border-bottom-color:var(--overexposed)}figure.thumb.dup-rep{border-bottom-color:var(--dup)}
figure.thumb.dup-exact,figure.thumb.dup-near{border-bottom-color:#7cc4d1}
figure.thumb img,figure.thumb .noimg{display:block;width:160px;height:90px;object-fit:contain;background:#111;border-radius:5px}
figure.thumb .noimg{color:#bbb;font-size:12px;display:flex;align-items:center;justify-content:center}
figcaption{font-size:12px;color:var(--muted);margin-top:4px;line-height:1.3;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
figcaption b{color:var(--ink)}
.more{display:flex;align-items:center;justify-content:center;width:110px;min-height:90px;border:1px dashed #c4cad3;border-radius:8px;color:var(--muted);font-weight:600}
.cluster{display:flex;gap:12px;align-items:stretch;margin:10px 0;padding:8px;border:1px solid var(--line);border-radius:10px;background:#f7fbfc}
.cluster .csize{flex:0 0 64px;display:flex;flex-direction:column;align-items:center;justify-content:center;font-size:22px;font-weight:650;color:var(--dup)}
.cluster .csize small{font-size:11px;text-align:center;line-height:1.2}
.cluster .row{display:flex;flex-wrap:wrap;gap:8px}
.cluster figure.thumb{width:124px}.cluster figure.thumb img,.cluster figure.thumb .noimg{width:116px;height:65px}
.cluster .more{width:90px;min-height:65px}
.cluster figcaption{font-size:11px}
.empty{color:var(--muted);font-style:italic;margin:4px 0}
.more-line{color:var(--muted);font-size:12px}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:24px}
`;
