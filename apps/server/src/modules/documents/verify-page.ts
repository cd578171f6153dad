// The public /verify page: server-rendered, no script needed (the CSP allows no inline script), so
// it opens on any phone that scanned the QR. The staff console links here too.

import { formatBeijingTime, type TCertificateVerification, type TVerifyReport } from '@netsign/api';
import type { Jsonable } from '../../http/json-answers';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One signature's line, from the certificate's verification or an uploaded file's report. */
type SignatureLine = Jsonable<
  Pick<TVerifyReport['signatures'][number], 'type' | 'docMdp' | 'intact' | 'trusted' | 'signingTime' | 'level'> & {
    signer?: string;
    role: string;
  }
>;

/**
 * `result`: the 公证书 found by number and code (verifyCertificateByCode); `upload`: the report on
 * an uploaded PDF (verifyUploadedPdf) — the answers of /api/public/certificates/verify and
 * /api/public/verify, as their handlers give them (a `Date` where JSON has its ISO string).
 */
export function verifyPage(
  o: {
    result?: Jsonable<TCertificateVerification>;
    error?: string;
    upload?: Jsonable<TVerifyReport>;
    download?: string;
  } = {},
) {
  const r = o.result;
  const u = o.upload;
  const sig = (s: SignatureLine) =>
    `<li>${esc(s.signer)}（${esc(s.role)}，${s.type === 'certification' ? `认证签名 DocMDP ${esc(s.docMdp)}` : '签名'}）：签名${s.intact ? '完好' : '<b class="bad">已被改动</b>'}，证书${s.trusted ? '可信' : '<b class="bad">不可信</b>'}，签名时间 ${esc(s.signingTime.time ? formatBeijingTime(s.signingTime.time, { seconds: true }) : '—')}（${s.signingTime.source === 'timestamp' ? '时间戳' : '签名人声明'}）${s.level ? `，长期验证级别 PAdES ${esc(s.level)}` : ''}</li>`;
  const problems = (ps: Jsonable<TVerifyReport['problems']>) =>
    ps.length ? `<ul class="bad">${ps.map((p) => `<li>${esc(p.zh)}</li>`).join('')}</ul>` : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>公证书核验 · 电子公证网签</title><style>
body{font:16px/1.6 system-ui,"Noto Sans SC",sans-serif;margin:0;background:#f5f6f8;color:#1f2329}main{max-width:640px;margin:0 auto;padding:20px}
h1{font-size:22px}.card{background:#fff;border-radius:8px;padding:16px;margin:12px 0;box-shadow:0 1px 3px #0001}.ok{color:#1a7f37;font-weight:bold}.bad{color:#cf222e}
label{display:block;margin:8px 0}table.facts{border-collapse:collapse;width:100%}table.facts th{text-align:left;white-space:nowrap;padding:4px 8px 4px 0;color:#555;font-weight:normal;vertical-align:top}table.facts td{padding:4px 0;word-break:break-all}input,button{font:inherit;padding:10px;width:100%;box-sizing:border-box}button{background:#1677ff;color:#fff;border:0;border-radius:6px;margin-top:8px}
</style></head><body><main><h1>公证书核验</h1>
${o.error ? `<div class="card bad" role="alert">${esc(o.error)}</div>` : ''}
${
  r
    ? `<div class="card"><p class="${r.valid ? 'ok' : 'bad'}">${r.valid ? '✔ 公证书真实有效' : '✘ 公证书签名校验未通过'}</p>
<p>请将以下信息与您手中的纸质或电子公证书逐项核对：</p>
<table class="facts">
<tr><th>文件类型</th><td>${esc(r.kind)}</td></tr>
<tr><th>公证书编号</th><td>${esc(r.certificateNumber)}</td></tr>
<tr><th>业务号</th><td>${esc(r.businessNo)}</td></tr>
${r.parties.map((p) => `<tr><th>${esc(p.role)}</th><td>${esc(p.name)}<br><small>${esc(p.id)}</small></td></tr>`).join('')}
<tr><th>房屋</th><td>${esc(r.unit)}</td></tr>
<tr><th>合同总价款</th><td>人民币 ${esc(Number(r.totalPrice).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }))} 元</td></tr>
<tr><th>页数</th><td>${esc(r.pages ?? '—')}</td></tr>
<tr><th>出具时间</th><td>${r.issuedAt ? esc(formatBeijingTime(r.issuedAt, { seconds: true })) : '—'}</td></tr>
<tr><th>签署人</th><td>${esc(r.signer?.name ?? '—')}${r.signer ? `（${esc(r.signer.role.zh)}，${r.signer.type === 'certification' ? '认证签名，签署后不得修改' : '签名'}）` : ''}</td></tr>
<tr><th>文件摘要 SHA-256</th><td><code>${esc(r.sha256)}</code></td></tr>
</table>
<ul>${r.signatures.map((s) => sig({ ...s, role: s.role.zh })).join('')}</ul>${problems(r.problems)}</div>
<div class="card"><h2>核对您手中的 PDF</h2><p>在页面下方「上传 PDF 核验」上传您收到的公证书 PDF：与存档逐字节一致时显示「与平台存档一致」，并核验其中的每个签名。</p>
${o.download ? `<p><a href="${esc(o.download)}" data-testid="party-download">下载存档的公证书 PDF（限当事人）</a></p>` : ''}
<p>下载须先登录：买受人在<a href="/m/">手机端</a>用本人手机号登录，出卖人与公证处在<a href="/console/">管理端</a>登录；其他人只能核对上面的信息或上传 PDF 比对。</p></div>`
    : ''
}
${
  u
    ? `<div class="card"><p class="${u.valid && u.onRecord ? 'ok' : 'bad'}">${u.valid && u.onRecord ? '✔ 文件签名有效，且与平台存档一致' : u.valid ? '✘ 签名有效，但平台无此文件存档' : '✘ 文件签名校验未通过'}</p>
${u.onRecord ? `<p>${esc(u.onRecord.title)}：${esc(u.onRecord.reference)}（${esc(u.onRecord.signedBy)}）</p>` : ''}
<p>文件类型：${esc(u.kindLabel.zh)}${u.facts.reference ? `（${esc(u.facts.reference)}）` : ''}${u.rule ? `<br>签署要求：${esc(u.rule.zh)}` : ''}</p>
<ul>${u.signatures.map((s) => sig({ ...s, signer: s.signer?.commonName, role: s.roleLabel.zh })).join('')}</ul>${problems(u.problems)}<p>${esc(u.verdict.zh)}</p></div>`
    : ''
}
<form class="card" method="get" action="/verify"><h2>按编号核验</h2><label>公证书编号<input name="no" required placeholder="(2026)粤中山证字第1号"></label><label>核验码<input name="code" required></label><button type="submit">核验</button></form>
<form class="card" method="post" action="/verify" enctype="multipart/form-data"><h2>上传 PDF 核验</h2><label>公证书或其他文件（PDF）<input type="file" name="file" accept="application/pdf" required></label><button type="submit">上传并核验</button></form>
</main></body></html>`;
}
