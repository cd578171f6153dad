import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

/**
 * Security headers on every response (docs/SECURITY.md): a Content-Security-Policy both web apps,
 * /verify and /api/docs (swagger-ui) work under, no framing by other sites, no MIME sniffing, no
 * referrer to other sites (the QR page's URL holds its token), HSTS when served over https.
 *
 * Why each source is allowed: 'unsafe-inline' styles — antd and antd-mobile write their CSS at
 * run time, /verify and swagger-ui have inline styles (no inline *scripts* anywhere);
 * 'wasm-unsafe-eval' — the face engine may run its WebAssembly backend in the browser (it does
 * not allow eval of JavaScript); blob: media and images — recorded video and captured frames are
 * previewed from blob URLs; blob: workers — pdf.js and the face engine may start workers.
 */
export async function installSecurityHeaders(app: FastifyInstance, https: boolean) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        formAction: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        manifestSrc: ["'self'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // the apps fetch each other's pages never; a popup (e.g. a PDF in a new tab) needs no opener
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'sameorigin' },
  });
  // the camera and microphone only for this site's own pages (the buyer's app), nothing else
  app.addHook('onSend', async (_req, reply) => {
    reply.header('Permissions-Policy', 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()');
  });
}
