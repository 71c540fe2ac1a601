/** The report's whole stylesheet (inlined: the page works offline). */
export const REPORT_CSS = `
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
.reasons{margin:4px 0;font-size:13px;color:var(--muted)}
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
.note{display:block;font-size:12px;color:var(--muted);margin-bottom:4px}
svg.timeline{width:100%;height:auto;display:block;background:#fcfcfd;border:1px solid var(--line);border-radius:8px}
svg .grid{stroke:var(--grid);stroke-width:1}
svg .axis{stroke:#c4cad3;stroke-width:1}
svg .tick{font-size:11px;fill:#8a94a6;font-family:system-ui,sans-serif}
svg path.line{fill:none;stroke-width:1.5;stroke-linejoin:round}
svg .line.dashed{stroke-dasharray:6 4;stroke-width:1.2}
svg .band{stroke:none;opacity:.18}
svg .flag-marker{stroke:#fff;stroke-width:1.2}
.count{display:inline-block;min-width:22px;padding:0 7px;margin-left:4px;border-radius:999px;background:#eef1f5;color:var(--muted);font-size:12px;font-weight:600;text-align:center}
.tiles{display:flex;flex-wrap:wrap;gap:10px}
figure.thumb{margin:0;width:168px;background:#fafbfc;border:1px solid var(--line);border-radius:8px;padding:4px;border-bottom:3px solid #cfd5dd}
figure.thumb img,figure.thumb .noimg{display:block;width:160px;height:90px;object-fit:contain;background:#111;border-radius:5px}
figure.thumb .noimg{color:#bbb;font-size:12px;display:flex;align-items:center;justify-content:center}
figcaption{font-size:12px;color:var(--muted);margin-top:4px;line-height:1.3;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
figcaption b{color:var(--ink)}
.more{display:flex;align-items:center;justify-content:center;width:110px;min-height:90px;border:1px dashed #c4cad3;border-radius:8px;color:var(--muted);font-weight:600}
.cluster{display:flex;gap:12px;align-items:stretch;margin:10px 0;padding:8px;border:1px solid var(--line);border-radius:10px;background:#f7fbfc}
.cluster .csize small{font-size:11px;text-align:center;line-height:1.2}
.cluster .row{display:flex;flex-wrap:wrap;gap:8px}
.cluster figure.thumb{width:124px}.cluster figure.thumb img,.cluster figure.thumb .noimg{width:116px;height:65px}
.cluster .more{width:90px;min-height:65px}
.cluster figcaption{font-size:11px}
.empty{color:var(--muted);font-style:italic;margin:4px 0}
.more-line{color:var(--muted);font-size:12px}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:24px}
:root{--bg:#f4f5f7;--panel:#fff;--ink:#1f2430;--muted:#667085;--line:#e3e6eb;--grid:#eef0f3;--accent:#0b7f95;--warn:#e0362c}
.card.nonzero.f0{border-top-color:#e0362c}.key.dot.f0,svg .flag-marker.f0{background:#e0362c;fill:#e0362c}.key.s0{border-color:#e0362c}svg .s0{stroke:#e0362c}svg path.band.s0{fill:#e0362c}
.card.nonzero.f1{border-top-color:#6d3fd6}.key.dot.f1,svg .flag-marker.f1{background:#6d3fd6;fill:#6d3fd6}.key.s1{border-color:#6d3fd6}svg .s1{stroke:#6d3fd6}svg path.band.s1{fill:#6d3fd6}
.card.nonzero.f2{border-top-color:#e08a00}.key.dot.f2,svg .flag-marker.f2{background:#e08a00;fill:#e08a00}.key.s2{border-color:#e08a00}svg .s2{stroke:#e08a00}svg path.band.s2{fill:#e08a00}
.card.nonzero.f3{border-top-color:#0b7f95}.key.dot.f3,svg .flag-marker.f3{background:#0b7f95;fill:#0b7f95}.key.s3{border-color:#0b7f95}svg .s3{stroke:#0b7f95}svg path.band.s3{fill:#0b7f95}
.card.nonzero.f4{border-top-color:#1a9c5b}.key.dot.f4,svg .flag-marker.f4{background:#1a9c5b;fill:#1a9c5b}.key.s4{border-color:#1a9c5b}svg .s4{stroke:#1a9c5b}svg path.band.s4{fill:#1a9c5b}
.card.nonzero.f5{border-top-color:#2563eb}.key.dot.f5,svg .flag-marker.f5{background:#2563eb;fill:#2563eb}.key.s5{border-color:#2563eb}svg .s5{stroke:#2563eb}svg path.band.s5{fill:#2563eb}
.card.nonzero.f6{border-top-color:#c026d3}.key.dot.f6,svg .flag-marker.f6{background:#c026d3;fill:#c026d3}.key.s6{border-color:#c026d3}svg .s6{stroke:#c026d3}svg path.band.s6{fill:#c026d3}
.card.nonzero.f7{border-top-color:#8a5a00}.key.dot.f7,svg .flag-marker.f7{background:#8a5a00;fill:#8a5a00}.key.s7{border-color:#8a5a00}svg .s7{stroke:#8a5a00}svg path.band.s7{fill:#8a5a00}
.card.nonzero.f8{border-top-color:#334155}.key.dot.f8,svg .flag-marker.f8{background:#334155;fill:#334155}.key.s8{border-color:#334155}svg .s8{stroke:#334155}svg path.band.s8{fill:#334155}
.card.nonzero.f9{border-top-color:#0f766e}.key.dot.f9,svg .flag-marker.f9{background:#0f766e;fill:#0f766e}.key.s9{border-color:#0f766e}svg .s9{stroke:#0f766e}svg path.band.s9{fill:#0f766e}
.card.nonzero.kept{border-top-color:var(--accent)}
.chip{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;background:#fdf3e1;color:#8a5a00;border:1px solid #f2dcb3;cursor:pointer}
.key.threshold{border-color:var(--warn)}svg .threshold{stroke:var(--warn);stroke-width:1;stroke-dasharray:5 4;opacity:.7}
.key.box{width:14px;height:10px;border:0;background:rgba(26,156,91,.22);border-left:2px solid #1a9c5b}
svg .interval{fill:rgba(26,156,91,.18);stroke:#1a9c5b;stroke-width:1}svg.timeline{cursor:crosshair}
.cluster .csize{flex:0 0 64px;display:flex;flex-direction:column;align-items:center;justify-content:center;font-size:22px;font-weight:650;color:var(--accent)}
.controls{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:center;margin:8px 0}.controls label{font-size:13px;color:var(--muted)}select,button{font:inherit;font-size:13px;padding:3px 8px;border:1px solid var(--line);border-radius:6px;background:#fff;cursor:pointer}
#grid figure.thumb{cursor:pointer}figure.thumb:focus{outline:3px solid var(--accent)}figure.thumb.dropped{opacity:.55}#more{margin:12px auto;display:block}.scroll.short{max-height:320px;overflow-y:auto}button.open-group{align-self:center}
#viewer{position:fixed;inset:0;background:rgba(10,12,16,.82);z-index:10;display:flex;align-items:center;justify-content:center}#viewer[hidden]{display:none}
.vbox{display:flex;gap:14px;max-width:96vw;max-height:92vh;background:var(--panel);border-radius:10px;padding:12px}.vimg{position:relative;flex:0 0 auto;width:min(68vw,1280px);align-self:flex-start}
#vimg{width:100%;height:auto;max-height:88vh;object-fit:contain;display:block;background:#111}#vobj{position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none}#vobj .obj{fill:none;stroke:#22d3ee;stroke-width:3;vector-effect:non-scaling-stroke}#vobj .obj-label{fill:#22d3ee;font-family:system-ui,sans-serif}
.vside{width:340px;overflow-y:auto;font-size:12px}.vside table.data td{white-space:normal;word-break:break-all}.vside tr.stage th{background:#eef1f5;text-align:left}#vclose{float:right;font-size:18px;line-height:1}.path code{word-break:break-all}
`;
