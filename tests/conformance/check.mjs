#!/usr/bin/env node
// SPDX-License-Identifier: BSL-1.0
// check.mjs — the AWS SDK for JavaScript v3 as a differential oracle.
//
//   node check.mjs corpus.json ours.json    compare the driver's output with the SDK
//   node check.mjs corpus.json              SDK side only (smoke test of the oracle)
//
// For every request case the SDK builds the same BatchDeletePhoneNumber call
// (its real client and middleware stack; a request handler records the
// request instead of sending it). We check URL and JSON body against it, then
// re-sign OUR request with @smithy/signature-v4 (exactly the headers we
// signed, the case's time, the SDK's signing region) and require the same
// Authorization header byte for byte.
//
// For every response case the SDK deserializes the same status/headers/body
// (a request handler returns it) and we compare the outcome.
//
// A case may document an expected divergence (see gen-corpus.mjs); then the
// observed difference must be exactly the documented one.
//
// Prints "N passed, N failed" as its last line; exit status 1 on any failure.

import { readFileSync } from "node:fs";
import { Readable } from "node:stream";

// Hermetic SDK: no shared config/credentials files, no endpoint or region
// from the environment. Done before the SDK is loaded (dynamic import).
for (const k of Object.keys(process.env)) if (k.startsWith("AWS_")) delete process.env[k];
process.env.AWS_CONFIG_FILE = "/nonexistent/aws-config";
process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/aws-credentials";
process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = "true";
process.env.AWS_EC2_METADATA_DISABLED = "true";
// The SDK warns about node 20 on every client; it is noise for this tool.
const emitWarning = process.emitWarning;
process.emitWarning = (w, ...rest) => {
  if (String(w?.message ?? w).includes("NodeVersionSupportWarning") || rest.some((r) => String(r?.type ?? r).includes("NodeVersionSupportWarning"))) return;
  return emitWarning.call(process, w, ...rest);
};

const { ChimeSDKVoiceClient, BatchDeletePhoneNumberCommand, ChimeSDKVoiceServiceException } = await import("@aws-sdk/client-chime-sdk-voice");
const { HttpRequest, HttpResponse } = await import("@smithy/protocol-http");
const { SignatureV4 } = await import("@smithy/signature-v4");
const { Sha256 } = await import("@aws-crypto/sha256-js");

const [corpusPath, oursPath] = process.argv.slice(2);
if (!corpusPath) {
  console.error("usage: node check.mjs corpus.json [ours.json]");
  process.exit(2);
}
const corpus = JSON.parse(readFileSync(corpusPath, "utf8"));
const ours = oursPath ? JSON.parse(readFileSync(oursPath, "utf8")) : null;
const verbose = process.env.CONFORMANCE_VERBOSE === "1";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const hexToBytes = (hex) => Uint8Array.from(Buffer.from(hex, "hex"));
const bodyToBytes = (b) => (b == null ? new Uint8Array() : typeof b === "string" ? new TextEncoder().encode(b) : b);
const show = (v) => {
  const s = JSON.stringify(v);
  return s === undefined ? "undefined" : s.length > 300 ? s.slice(0, 300) + `…(${s.length} chars)` : s;
};
const SIGV4_RE = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9!#$%&'*+.^_`|~;-]+), Signature=([0-9a-f]{64})$/;

// ------------------------------------------------------------------ SDK side

function sdkClient(c, handler) {
  const config = {
    region: c.region,
    credentials: {
      accessKeyId: corpus.credentials.accessKeyId,
      secretAccessKey: corpus.credentials.secretAccessKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    },
    useFipsEndpoint: !!c.useFips,
    useDualstackEndpoint: !!c.useDualStack,
    maxAttempts: 1,
    requestHandler: { handle: handler },
  };
  if (c.endpoint) config.endpoint = c.endpoint;
  return new ChimeSDKVoiceClient(config);
}

/// The request the SDK would send, or the error it throws instead.
async function sdkRequest(c) {
  let captured = null;
  let client;
  try {
    client = sdkClient(c, async (req) => {
      captured = req;
      return { response: new HttpResponse({ statusCode: 200, headers: {}, body: Readable.from([Buffer.from("{}")]) }) };
    });
  } catch (e) {
    // Configuration the client constructor refuses (e.g. "Region is missing").
    return { outcome: `error:${e?.name}`, message: String(e?.message) };
  }
  try {
    await client.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: c.phoneNumberIds }));
  } catch (e) {
    if (!captured) return { outcome: e?.name === "EndpointError" ? "error:endpoint" : `error:${e?.name}`, message: String(e?.message) };
  } finally {
    client.destroy();
  }
  if (!captured) return { outcome: "error:no-request" };
  const auth = SIGV4_RE.exec(captured.headers.authorization ?? "");
  const body = bodyToBytes(captured.body);
  return {
    outcome: "request",
    method: captured.method,
    protocol: captured.protocol,
    hostname: captured.hostname,
    port: captured.port == null ? "" : String(captured.port),
    path: captured.path,
    query: new URLSearchParams(Object.entries(captured.query ?? {})).toString(),
    headers: captured.headers,
    body,
    signingRegion: auth?.[3],
    signingService: auth?.[4],
  };
}

/// A response case's body bytes: `bodyHex` (for bytes that are not UTF-8)
/// or `body` (text), or null when the response has no body.
function responseBodyBytes(c) {
  if (typeof c.bodyHex === "string") return Buffer.from(c.bodyHex, "hex");
  return c.body == null ? null : Buffer.from(c.body, "utf8");
}

function headerObject(pairs) {
  // What node's http client hands the SDK: lower-case names, values without
  // leading/trailing spaces and tabs (RFC 9110 section 5.5 OWS, stripped by
  // node's parser), repeated fields joined with ", " (IncomingMessage.headers).
  const h = {};
  for (const [n, raw] of pairs) {
    const k = n.toLowerCase();
    const v = raw.replace(/^[ \t]+|[ \t]+$/g, "");
    h[k] = k in h ? `${h[k]}, ${v}` : v;
  }
  return h;
}

const nul = (v) => (v === undefined || v === null || v === "" ? null : v);

/// The SDK's outcome for one response case, normalized for comparison.
async function sdkResponse(c, client, slot) {
  slot.current = c;
  try {
    const out = await client.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: ["x"] }));
    const m = out.$metadata;
    return {
      outcome: "success",
      status: m.httpStatusCode,
      requestId: nul(m.requestId),
      extendedRequestId: nul(m.extendedRequestId),
      cfId: nul(m.cfId),
      phoneNumberErrors: (out.PhoneNumberErrors ?? []).map((e) => ({
        PhoneNumberId: e.PhoneNumberId ?? null,
        ErrorCode: e.ErrorCode ?? null,
        ErrorMessage: e.ErrorMessage ?? null,
      })),
    };
  } catch (e) {
    // Anything that is not a service exception (e.g. the SyntaxError JSON.parse
    // throws on a non-JSON body, which the SDK re-throws with $metadata added).
    if (!(e instanceof ChimeSDKVoiceServiceException)) return { outcome: `throw:${e?.name}`, message: String(e?.message) };
    const m = e.$metadata;
    let message = e.message;
    // The SDK fills in "UnknownError" when the body has neither `message` nor
    // `Message`; that is a placeholder, not something the service said.
    const parsed = (() => { try { return JSON.parse(responseBodyBytes(c)?.toString("utf8") ?? ""); } catch { return null; } })();
    const saidMessage = parsed && typeof parsed === "object" && (parsed.message !== undefined || parsed.Message !== undefined);
    if (!saidMessage && message === "UnknownError") message = "";
    return {
      outcome: "error:service",
      errorName: e.name,
      code: nul(e.Code),
      message: nul(message),
      fault: e.$fault ?? null,
      status: m.httpStatusCode,
      requestId: nul(m.requestId),
      extendedRequestId: nul(m.extendedRequestId),
      cfId: nul(m.cfId),
    };
  }
}

function responseClient(slot) {
  return new ChimeSDKVoiceClient({
    region: "us-east-1",
    credentials: corpus.credentials,
    maxAttempts: 1,
    requestHandler: {
      handle: async () => {
        const c = slot.current;
        const bytes = responseBodyBytes(c);
        const body = bytes == null ? undefined : Readable.from([bytes]);
        return { response: new HttpResponse({ statusCode: c.status, headers: headerObject(c.headers), body }) };
      },
    },
  });
}

/// Re-signs our request with the SDK signer, over exactly the headers we signed.
async function sdkSignature(c, o, sdk) {
  const m = SIGV4_RE.exec(o.authorization ?? "");
  if (!m) return { error: `our Authorization header does not parse: ${show(o.authorization)}` };
  const signed = m[5].split(";");
  const url = new URL(o.url);
  const headers = {};
  for (const name of signed) {
    const h = o.headers.find(([n]) => n.toLowerCase() === name);
    if (h) headers[name] = h[1];
    else if (name === "host") headers.host = o.host;
    else return { error: `we sign header ${name} but do not send it` };
  }
  const query = {};
  for (const [k, v] of new URLSearchParams(o.query)) query[k] = v;
  const req = new HttpRequest({
    method: o.method,
    protocol: `${o.scheme}:`,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: o.path,
    query,
    headers,
    body: hexToBytes(o.body_hex),
  });
  const signer = new SignatureV4({
    service: sdk.signingService,
    region: sdk.signingRegion,
    credentials: {
      accessKeyId: corpus.credentials.accessKeyId,
      secretAccessKey: corpus.credentials.secretAccessKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    },
    sha256: Sha256,
    uriEscapePath: true,
    applyChecksum: false, // sign x-amz-content-sha256 only if we did
  });
  const out = await signer.sign(req, { signingDate: new Date(c.epochSeconds * 1000) });
  return { authorization: out.headers.authorization, signedHeaders: m[5] };
}

// ------------------------------------------------------------------ comparison

const amzDate = (sec) => new Date(sec * 1000).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

async function compareRequest(c, o) {
  const diffs = {};
  const sdk = await sdkRequest(c);
  const diff = (field, a, b) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs[field] = { ours: a, sdk: b };
  };
  // Whether a request was built. When both sides refuse, the reasons are
  // compared only where the SDK's error is an endpoint rules error (the
  // SDK's other refusals are config-time Errors without a category).
  const refused = (x) => (x === "request" ? "request" : "refused");
  diff("outcome", o.outcome === "request" ? "request" : o.outcome, sdk.outcome === "request" ? "request" : refused(sdk.outcome));
  if (o.outcome !== "request" && sdk.outcome !== "request") {
    delete diffs.outcome;
    if (sdk.outcome === "error:endpoint") diff("refusal", o.outcome, sdk.outcome);
  }
  if (o.outcome !== "request" || sdk.outcome !== "request") return diffs;

  const url = new URL(o.url);
  diff("method", o.method, sdk.method);
  diff("url.protocol", url.protocol, sdk.protocol);
  diff("url.hostname", url.hostname, sdk.hostname);
  diff("url.port", url.port, sdk.port);
  diff("url.path", o.path, sdk.path);
  diff("url.query", o.query, sdk.query);
  diff("url", o.url, `${sdk.protocol}//${sdk.hostname}${sdk.port ? ":" + sdk.port : ""}${sdk.path}${sdk.query ? "?" + sdk.query : ""}`);

  const bytes = hexToBytes(o.body_hex);
  let ourBody;
  try {
    ourBody = JSON.parse(utf8.decode(bytes));
  } catch (e) {
    diffs.body = { ours: `${bytes.length} bytes, not UTF-8 JSON (${e.message}): ${Buffer.from(bytes).toString("latin1")}`, sdk: utf8.decode(sdk.body) };
  }
  if (ourBody !== undefined) diff("body", ourBody, JSON.parse(utf8.decode(sdk.body)));
  // Our body must round-trip to exactly the input strings (an independent
  // check of escaping that does not trust the SDK either).
  if (ourBody !== undefined) diff("body.PhoneNumberIds", ourBody.PhoneNumberIds, c.phoneNumberIds);

  const hdr = (name) => o.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  diff("header.content-type", hdr("content-type"), sdk.headers["content-type"]);
  if (hdr("content-length") !== undefined) diff("header.content-length", hdr("content-length"), String(bytes.length));
  if (hdr("host") !== undefined) {
    diff("header.host", hdr("host"), o.host); // what we send is what we signed
    diff("header.host(sdk)", hdr("host"), sdk.headers.host);
  }
  diff("header.x-amz-date", hdr("x-amz-date"), amzDate(c.epochSeconds));
  diff("header.x-amz-security-token", hdr("x-amz-security-token"), c.sessionToken || undefined);

  const sig = await sdkSignature(c, o, sdk);
  if (sig.error) diffs.authorization = { ours: o.authorization, sdk: sig.error };
  else diff("authorization", o.authorization, sig.authorization);
  return diffs;
}

function normalizeOurResponse(o) {
  if (o.outcome === "success") {
    return {
      outcome: "success",
      status: o.status,
      requestId: nul(o.request_id),
      extendedRequestId: nul(o.extended_request_id),
      cfId: nul(o.cf_id),
      phoneNumberErrors: o.phone_number_errors.map((e) => ({
        PhoneNumberId: e.phone_number_id ?? null,
        ErrorCode: e.error_code_raw ?? null,
        ErrorMessage: e.error_message ?? null,
      })),
    };
  }
  if (o.outcome !== "error:service") return { outcome: o.outcome };
  return {
    outcome: o.outcome,
    // The SDK names a type-less error "Unknown" (loadRestJsonErrorCode ?? "Unknown").
    errorName: o.type || (o.kind === "unknown" ? "Unknown" : ""),
    code: nul(o.code_raw),
    message: nul(o.message),
    fault: o.fault === "none" ? null : o.fault,
    status: o.status,
    requestId: nul(o.request_id),
    extendedRequestId: nul(o.extended_request_id),
    cfId: nul(o.cf_id),
  };
}

async function compareResponse(c, o, client, slot) {
  const diffs = {};
  const sdk = await sdkResponse(c, client, slot);
  const mine = normalizeOurResponse(o);
  const diff = (field, a, b) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs[field] = { ours: a, sdk: b };
  };
  diff("outcome", mine.outcome, sdk.outcome);
  if (mine.outcome !== sdk.outcome) return diffs;
  for (const k of Object.keys(sdk)) {
    if (k === "outcome") continue;
    if (k === "phoneNumberErrors") {
      diff("phoneNumberErrors.length", mine[k].length, sdk[k].length);
      sdk[k].forEach((e, i) => {
        for (const f of Object.keys(e)) diff(`phoneNumberErrors[${i}].${f}`, mine[k][i]?.[f], e[f]);
      });
    } else diff(k, mine[k], sdk[k]);
  }
  return diffs;
}

// The observed differences must be exactly the documented ones.
function judge(c, diffs) {
  const documented = c.divergence ?? {};
  const problems = [];
  for (const [f, d] of Object.entries(diffs)) {
    const doc = documented[f];
    if (!doc) problems.push(`${f}: ours ${show(d.ours)} vs SDK ${show(d.sdk)}`);
    else if (JSON.stringify(doc) !== JSON.stringify({ ours: d.ours, sdk: d.sdk }))
      problems.push(`${f}: documented divergence ours ${show(doc.ours)} / SDK ${show(doc.sdk)}, observed ours ${show(d.ours)} / SDK ${show(d.sdk)}`);
  }
  for (const f of Object.keys(documented))
    if (!diffs[f]) problems.push(`${f}: documented divergence (${c.expectDivergence}) did not occur`);
  return problems;
}

// ------------------------------------------------------------------ main

let passed = 0;
let failed = 0;
const report = (id, problems) => {
  if (problems.length === 0) {
    passed++;
    if (verbose) console.log(`ok   ${id}`);
  } else {
    failed++;
    console.log(`FAIL ${id}`);
    for (const p of problems) console.log(`     ${p}`);
  }
};

if (!ours) {
  // Oracle smoke test: the SDK must produce a request or a documented error
  // for every request case, and a normalized outcome for every response case.
  const tally = {};
  for (const c of corpus.requests) {
    const s = await sdkRequest(c);
    tally[s.outcome] = (tally[s.outcome] ?? 0) + 1;
    const problems = [];
    if (s.outcome === "request" && (!s.signingRegion || s.signingService !== "chime"))
      problems.push(`SDK request without a chime SigV4 scope: ${show(s.headers.authorization)}`);
    report(c.id, problems);
  }
  const slot = {};
  const client = responseClient(slot);
  for (const c of corpus.responses) {
    const s = await sdkResponse(c, client, slot);
    tally[s.outcome + (s.errorName ? ":" + s.errorName : "")] = (tally[s.outcome + (s.errorName ? ":" + s.errorName : "")] ?? 0) + 1;
    if (verbose) console.log(c.id, show(s));
    report(c.id, []);
  }
  client.destroy();
  console.log(show(tally));
} else {
  const byId = (list) => new Map((list ?? []).map((x) => [x.id, x]));
  const oursReq = byId(ours.requests);
  const oursResp = byId(ours.responses);
  for (const c of corpus.requests) {
    const o = oursReq.get(c.id);
    if (!o) { report(c.id, ["missing from our output"]); continue; }
    try {
      report(c.id, judge(c, await compareRequest(c, o)));
    } catch (e) {
      report(c.id, [`checker exception: ${e?.stack ?? e}`]);
    }
  }
  const slot = {};
  const client = responseClient(slot);
  for (const c of corpus.responses) {
    const o = oursResp.get(c.id);
    if (!o) { report(c.id, ["missing from our output"]); continue; }
    try {
      report(c.id, judge(c, await compareResponse(c, o, client, slot)));
    } catch (e) {
      report(c.id, [`checker exception: ${e?.stack ?? e}`]);
    }
  }
  client.destroy();
  // Signer cases: the SDK signer, given our signed request (its
  // Authorization removed), must write our Authorization byte for byte.
  const oursSign = byId(ours.signing);
  for (const c of corpus.signing ?? []) {
    const o = oursSign.get(c.id);
    if (!o) { report(c.id, ["missing from our output"]); continue; }
    if (o.error) { report(c.id, [`we refused to sign: ${o.error}`]); continue; }
    const headers = {};
    for (const [n, v] of o.headers) if (n.toLowerCase() !== "authorization") headers[n.toLowerCase()] = v;
    const query = {};
    for (const part of c.query ? c.query.split("&") : []) {
      if (!part) continue;
      const eq = part.indexOf("=");
      const k = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      const v = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1));
      query[k] = k in query ? [].concat(query[k], v) : v;
    }
    const req = new HttpRequest({ method: c.method, protocol: "https:", hostname: c.host, path: c.path, query, headers,
                                  body: c.body });
    const signer = new SignatureV4({ service: "chime", region: "us-east-1", credentials: corpus.credentials,
                                     sha256: Sha256, uriEscapePath: true, applyChecksum: false });
    try {
      const out = await signer.sign(req, { signingDate: new Date(c.epochSeconds * 1000) });
      report(c.id, out.headers.authorization === o.authorization ? [] :
        [`path ${show(c.path)} query ${show(c.query)}: ours ${show(o.authorization)}, sdk ${show(out.headers.authorization)}`]);
    } catch (e) {
      report(c.id, [`checker exception: ${e?.stack ?? e}`]);
    }
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
