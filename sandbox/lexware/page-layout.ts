/**
 * The frame of the emulated Lexware Office web app (the `app.lexware.de` side of the emulator):
 * a top bar, a small stylesheet and status badges. Every piece of data goes through escapeHtml.
 */
import { escapeHtml } from '../kit/http';
import { COMPANY_NAME } from './profile';

const STYLE = `
  :root { --blue: #0a2c5a; --accent: #e30613; --line: #dfe3ea; --muted: #5d6878; --bg: #f4f6f9; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 "Segoe UI", system-ui, -apple-system, sans-serif; color: #1b2430; background: var(--bg); }
  a { color: #0b5cad; text-decoration: none; } a:hover { text-decoration: underline; }
  .topbar { display: flex; align-items: center; gap: 28px; padding: 0 24px; height: 52px; background: var(--blue); color: #fff; }
  .brand { font-size: 18px; letter-spacing: .2px; } .brand b { font-weight: 700; }
  .brand::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 8px; border-radius: 2px; background: var(--accent); }
  .topbar nav a { color: #dbe6f5; margin-right: 18px; } .topbar .org { margin-left: auto; color: #b9c8dd; font-size: 13px; }
  main { max-width: 980px; margin: 28px auto; padding: 28px 32px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
  .head { display: flex; align-items: center; gap: 14px; margin-bottom: 18px; } h1 { margin: 0; font-size: 22px; font-weight: 600; }
  .badge { padding: 2px 10px; border-radius: 12px; font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .4px; }
  .badge.draft { background: #eef0f3; color: #4a5566; } .badge.open { background: #e4f1ff; color: #0b5cad; }
  .badge.paid, .badge.paidoff { background: #e3f6e8; color: #1d7a3a; } .badge.voided { background: #fde8e8; color: #a61b1b; }
  .notice { padding: 10px 14px; margin: 0 0 18px; background: #fff8e1; border: 1px solid #f3dc8c; border-radius: 4px; }
  .meta { display: grid; grid-template-columns: 1.3fr 1fr; gap: 24px; margin-bottom: 20px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; } dt { color: var(--muted); } dd { margin: 0; }
  .address { white-space: pre-line; } .text { white-space: pre-line; margin: 14px 0; }
  table { width: 100%; border-collapse: collapse; } th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .3px; }
  th, td { padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; } td.num, th.num { text-align: right; white-space: nowrap; }
  .desc { color: var(--muted); white-space: pre-line; font-size: 13px; } tr.text-item td { color: var(--muted); font-style: italic; }
  .totals { width: 360px; margin: 16px 0 0 auto; } .totals td { border: 0; padding: 4px 10px; } .totals tr.grand td { border-top: 2px solid #1b2430; font-weight: 700; font-size: 15px; }
  .empty { color: var(--muted); padding: 24px 0; }
`;

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Lexware Office</title><style>${STYLE}</style></head>
<body>
<header class="topbar"><span class="brand">Lexware <b>Office</b></span>
<nav><a href="/vouchers">Belege</a><a href="/contacts">Kontakte</a></nav><span class="org">${escapeHtml(COMPANY_NAME)}</span></header>
<main>
${body}
</main>
</body>
</html>`;
}

const STATUS_LABELS: Record<string, string> = { draft: 'Entwurf', open: 'Offen', paid: 'Bezahlt', paidoff: 'Ausgeglichen', voided: 'Storniert' };

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

export function statusBadge(status: string): string {
  return `<span class="badge ${escapeHtml(status)}" data-field="status">${escapeHtml(statusLabel(status))}</span>`;
}
