#!/usr/bin/env node
// SPDX-License-Identifier: BSL-1.0
// check-ops.mjs — the AWS SDK for JavaScript v3 as the oracle for every operation.
//
//   node check-ops.mjs MODEL.json ops-corpus.json ops-ours.json
//
// Request cases: the SDK's own command for the operation (its real client
// and middleware; a request handler records the request instead of sending
// it) builds the request from the same input. Method, host, path, query (as
// the SDK's query builder encodes it), Content-Type and JSON body must equal
// ours; @smithy/signature-v4 re-signs OUR request (the headers we signed, the
// case's time, the SDK's signing region and name) to our Authorization.
// Response cases: the SDK deserializes the same status, headers and body;
// every output member must equal ours (timestamps compared as instants), and
// for errors the exception name, Code, Message, fault and status.
// Every case must also show the typed functions agree with the registry.
//
// Prints a table per operation group and "N passed, N failed" last; exit 1
// on any failure.

import { readFileSync } from "node:fs";
import { Readable } from "node:stream";

for (const k of Object.keys(process.env)) if (k.startsWith("AWS_")) delete process.env[k];
process.env.AWS_CONFIG_FILE = "/nonexistent/aws-config";
process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/aws-credentials";
process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = "true";
process.env.AWS_EC2_METADATA_DISABLED = "true";
const emitWarning = process.emitWarning;
process.emitWarning = (w, ...rest) => {
  if (String(w?.message ?? w).includes("NodeVersionSupportWarning") || rest.some((r) => String(r?.type ?? r).includes("NodeVersionSupportWarning"))) return;
  return emitWarning.call(process, w, ...rest);
};

const sdk = await import("@aws-sdk/client-chime-sdk-voice");
const { HttpRequest, HttpResponse } = await import("@smithy/protocol-http");
const { SignatureV4 } = await import("@smithy/signature-v4");
const { Sha256 } = await import("@aws-crypto/sha256-js");

const [modelPath, corpusPath, oursPath] = process.argv.slice(2);
if (!oursPath) {
  console.error("usage: node check-ops.mjs MODEL.json ops-corpus.json ops-ours.json");
  process.exit(2);
}
const model = JSON.parse(readFileSync(modelPath, "utf8")).shapes;
const corpus = JSON.parse(readFileSync(corpusPath, "utf8"));
const ours = new Map(JSON.parse(readFileSync(oursPath, "utf8")).results.map((r) => [r.id, r]));
const verbose = process.env.CONFORMANCE_VERBOSE === "1";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const SIGV4_RE = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9!#$%&'*+.^_`|~;-]+), Signature=([0-9a-f]{64})$/;
const show = (v) => {
  const s = JSON.stringify(v);
  return s === undefined ? "undefined" : s.length > 400 ? s.slice(0, 400) + `…(${s.length} chars)` : s;
};
/// JSON text with object keys sorted (member order is not significant).
function canon(v) {
  if (v === undefined) return "undefined";
  if (Array.isArray(v)) return "[" + v.map(canon).join(",") + "]";
  if (v && typeof v === "object") return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canon(v[k])).join(",") + "}";
  return JSON.stringify(v);
}
// RFC 3986 unreserved only, as @smithy/util-uri-escape's escapeUri.
const escapeUri = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());

const PRELUDE = { "smithy.api#Timestamp": { type: "timestamp" } };
const shape = (id) => model[id] ?? PRELUDE[id] ?? { type: id.replace("smithy.api#", "").toLowerCase() };

/// CLI JSON -> SDK input (timestamps become Date), by shape.
function toSdk(v, id) {
  const s = shape(id);
  if (v === null || v === undefined) return v;
  switch (s.type) {
    case "structure": {
      const o = {};
      for (const [k, x] of Object.entries(v)) o[k] = s.members?.[k] ? toSdk(x, s.members[k].target) : x;
      return o;
    }
    case "list":
    case "set":
      return v.map((x) => toSdk(x, s.member.target));
    case "map":
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toSdk(x, s.value.target)]));
    case "timestamp":
      return typeof v === "number" ? new Date(v * 1000) : new Date(v);
    default:
      return v;
  }
}

/// An output value in a comparable form: timestamps as ISO instants, undefined members dropped.
function norm(v, id) {
  const s = shape(id);
  if (v === null || v === undefined) return undefined;
  switch (s.type) {
    case "structure": {
      const o = {};
      for (const [k, m] of Object.entries(s.members ?? {})) {
        const x = norm(v[k], m.target);
        if (x !== undefined) o[k] = x;
      }
      for (const k of Object.keys(v)) if (!(k in (s.members ?? {})) && k !== "$metadata") o[`<unknown ${k}>`] = v[k];
      return o;
    }
    case "list":
    case "set":
      return v.map((x) => norm(x, s.member.target));
    case "map":
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x, s.value.target)]));
    case "timestamp":
      return new Date(v).toISOString();
    default:
      return v;
  }
}

function headerObject(pairs) {
  const h = {};
  for (const [n, raw] of pairs) {
    const k = n.toLowerCase();
    h[k] = k in h ? `${h[k]}, ${raw.trim()}` : raw.trim();
  }
  return h;
}

function client(region, handler) {
  return new sdk.ChimeSDKVoiceClient({
    region,
    credentials: corpus.credentials,
    maxAttempts: 1,
    requestHandler: { handle: handler },
  });
}

async function sdkRequest(c) {
  let captured = null;
  const cl = client(c.region, async (req) => {
    captured = req;
    return { response: new HttpResponse({ statusCode: 200, headers: {}, body: Readable.from([Buffer.from("{}")]) }) };
  });
  const Command = sdk[`${c.op}Command`];
  const input = toSdk(c.input, model[`com.amazonaws.chimesdkvoice#${c.op}`].input?.target ?? "smithy.api#Unit");
  try {
    await cl.send(new Command(input));
  } catch (e) {
    if (!captured) return { outcome: `error:${e?.name}`, message: String(e?.message) };
  } finally {
    cl.destroy();
  }
  if (!captured) return { outcome: "error:no-request" };
  const auth = SIGV4_RE.exec(captured.headers.authorization ?? "");
  const pairs = [];
  for (const [k, v] of Object.entries(captured.query ?? {})) {
    if (Array.isArray(v)) for (const x of v) pairs.push(`${escapeUri(k)}=${escapeUri(x)}`);
    else if (v === null) pairs.push(escapeUri(k));
    else pairs.push(`${escapeUri(k)}=${escapeUri(v)}`);
  }
  const body = captured.body == null ? "" : typeof captured.body === "string" ? captured.body : utf8.decode(captured.body);
  return {
    outcome: "request",
    method: captured.method,
    hostname: captured.hostname,
    path: captured.path,
    queryPairs: pairs.sort(),
    contentType: captured.headers["content-type"],
    body,
    signingRegion: auth?.[3],
    signingService: auth?.[4],
  };
}

async function resign(o, s) {
  const m = SIGV4_RE.exec(o.authorization ?? "");
  if (!m) return { error: `our Authorization does not parse: ${show(o.authorization)}` };
  const url = new URL(o.url);
  const headers = {};
  for (const name of m[5].split(";")) {
    const h = o.headers.find(([n]) => n.toLowerCase() === name);
    if (!h) return { error: `we sign ${name} but do not send it` };
    headers[name] = h[1];
  }
  const query = {};
  for (const pair of o.query ? o.query.split("&") : []) {
    const eq = pair.indexOf("=");
    const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const v = eq < 0 ? null : decodeURIComponent(pair.slice(eq + 1));
    if (k in query) query[k] = [].concat(query[k], v);
    else query[k] = v;
  }
  const req = new HttpRequest({
    method: o.method, protocol: `${o.scheme}:`, hostname: url.hostname, port: url.port ? Number(url.port) : undefined,
    path: o.path, query, headers, body: Buffer.from(o.body_hex, "hex"),
  });
  const signer = new SignatureV4({
    service: s.signingService, region: s.signingRegion, credentials: corpus.credentials, sha256: Sha256,
    uriEscapePath: true, applyChecksum: false,
  });
  return { authorization: (await signer.sign(req, { signingDate: o.__date })).headers.authorization };
}

async function compareRequest(c, o) {
  const diffs = {};
  const diff = (field, a, b) => {
    if (canon(a) !== canon(b)) diffs[field] = { ours: a, sdk: b };
  };
  const s = await sdkRequest(c);
  diff("outcome", o.outcome, s.outcome);
  if (o.outcome !== "request" || s.outcome !== "request") {
    if (o.outcome !== "request") diffs.ours_error = o.message;
    if (s.outcome !== "request") diffs.sdk_error = s.message;
    return diffs;
  }
  diff("typed_agrees", o.typed_agrees, true);
  diff("method", o.method, s.method);
  diff("host", o.host, s.hostname);
  diff("path", o.path, s.path);
  diff("query", (o.query ? o.query.split("&") : []).sort(), s.queryPairs);
  const hdr = (name) => o.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  diff("content-type", hdr("content-type"), s.contentType);
  const ourBody = utf8.decode(Buffer.from(o.body_hex, "hex"));
  const parse = (t) => (t === "" ? "<no body>" : JSON.parse(t));
  try {
    diff("body", parse(ourBody), parse(s.body));
  } catch (e) {
    diffs.body = { ours: ourBody, sdk: s.body, error: e.message };
  }
  diff("signing", [o.signing_region, o.signing_service], [s.signingRegion, s.signingService]);
  o.__date = new Date(c.epochSeconds * 1000);
  const sig = await resign(o, s);
  if (sig.error) diffs.authorization = { ours: o.authorization, sdk: sig.error };
  else diff("authorization", o.authorization, sig.authorization);
  return diffs;
}

async function sdkResponse(c) {
  const cl = client("us-east-1", async () => ({
    response: new HttpResponse({
      statusCode: c.status, headers: headerObject(c.headers),
      body: c.body == null ? undefined : Readable.from([Buffer.from(c.body, "utf8")]),
    }),
  }));
  const Command = sdk[`${c.op}Command`];
  const input = toSdk(c.sdkInput, model[`com.amazonaws.chimesdkvoice#${c.op}`].input?.target ?? "smithy.api#Unit");
  try {
    const out = await cl.send(new Command(input));
    const outId = model[`com.amazonaws.chimesdkvoice#${c.op}`].output?.target ?? "smithy.api#Unit";
    const { $metadata, ...rest } = out;
    return { outcome: "success", output: outId === "smithy.api#Unit" ? {} : norm(rest, outId), status: $metadata.httpStatusCode };
  } catch (e) {
    if (!(e instanceof sdk.ChimeSDKVoiceServiceException)) return { outcome: `throw:${e?.name}`, message: String(e?.message) };
    return {
      outcome: "error:service", type: e.name, code: e.Code ?? "", message: e.message === "UnknownError" ? "" : e.message,
      fault: e.$fault, status: e.$metadata.httpStatusCode, requestId: e.$metadata.requestId ?? "",
    };
  } finally {
    cl.destroy();
  }
}

async function compareResponse(c, o) {
  const diffs = {};
  const diff = (field, a, b) => {
    if (canon(a) !== canon(b)) diffs[field] = { ours: a, sdk: b };
  };
  const s = await sdkResponse(c);
  diff("typed_agrees", o.typed_agrees, true);
  diff("outcome", o.outcome, s.outcome);
  if (o.outcome !== s.outcome) {
    diffs.detail = { ours: o.message, sdk: s.message };
    return diffs;
  }
  const outId = model[`com.amazonaws.chimesdkvoice#${c.op}`].output?.target ?? "smithy.api#Unit";
  if (s.outcome === "success") {
    const mine = outId === "smithy.api#Unit" ? {} : norm(o.output, outId);
    const a = mine ?? {}, b = s.output ?? {};
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diff(`output.${k}`, a[k], b[k]);
  } else {
    diff("type", o.type, s.type);
    diff("code", o.code_raw, s.code);
    diff("message", o.message, s.message);
    diff("fault", o.fault, s.fault);
    diff("status", o.status, s.status);
    diff("request_id", o.request_id, s.requestId);
  }
  return diffs;
}

// Documented divergences travel with the case (gen-ops-corpus.mjs):
// `divergence: { fields, reason }`; the observed differences must be exactly
// these fields.
const divergences = new Map();

function group(op) {
  if (/VoiceConnectorGroup/.test(op)) return "Voice Connector groups";
  if (/ProxySession|VoiceConnectorProxy/.test(op)) return "proxy sessions";
  if (/VoiceConnector/.test(op)) return "Voice Connectors";
  if (/SipMediaApplication/.test(op)) return "SIP media applications";
  if (/SipRule/.test(op)) return "SIP rules";
  if (/SpeakerSearch|VoiceToneAnalysis|VoiceProfile/.test(op)) return "voice analytics and profiles";
  if (/PhoneNumber|Search|Countries|Order/.test(op)) return "phone numbers";
  return "settings, tags, E911, regions";
}

let passed = 0, failed = 0;
const groups = new Map();
const opsSeen = new Set();
for (const c of corpus.cases) {
  const o = ours.get(c.id);
  let diffs;
  if (!o) diffs = { missing: { ours: "no result", sdk: "" } };
  else diffs = c.kind === "request" ? await compareRequest(c, o) : await compareResponse(c, o);
  const keys = Object.keys(diffs);
  const doc = c.divergence;
  const ok = doc ? JSON.stringify(keys.sort()) === JSON.stringify([...doc.fields].sort()) : keys.length === 0;
  if (doc && ok) divergences.set(doc.reason.replace(/ \(here "[^"]*"\)/, ""), (divergences.get(doc.reason.replace(/ \(here "[^"]*"\)/, "")) ?? 0) + 1);
  const g = group(c.op);
  if (!groups.has(g)) groups.set(g, { ops: new Set(), inputs: [0, 0], outputs: [0, 0], errors: [0, 0] });
  const row = groups.get(g);
  row.ops.add(c.op);
  opsSeen.add(c.op);
  const slot = c.kind === "request" ? row.inputs : c.id.includes("/error-") ? row.errors : row.outputs;
  slot[1]++;
  if (ok) {
    slot[0]++;
    passed++;
    if (verbose) console.log(`ok   ${c.id}`);
  } else {
    failed++;
    console.log(`FAIL ${c.id}`);
    for (const k of keys) console.log(`     ${k}: ours ${show(diffs[k].ours)} sdk ${show(diffs[k].sdk)}`);
  }
}

console.log("");
console.log("| operation group | operations | inputs agreeing | outputs agreeing | errors agreeing |");
console.log("| --- | --- | --- | --- | --- |");
const tot = { ops: 0, inputs: [0, 0], outputs: [0, 0], errors: [0, 0] };
for (const [g, r] of [...groups].sort()) {
  console.log(`| ${g} | ${r.ops.size} | ${r.inputs[0]}/${r.inputs[1]} | ${r.outputs[0]}/${r.outputs[1]} | ${r.errors[0]}/${r.errors[1]} |`);
  tot.ops += r.ops.size;
  for (const k of ["inputs", "outputs", "errors"]) for (const i of [0, 1]) tot[k][i] += r[k][i];
}
console.log(`| all | ${tot.ops} | ${tot.inputs[0]}/${tot.inputs[1]} | ${tot.outputs[0]}/${tot.outputs[1]} | ${tot.errors[0]}/${tot.errors[1]} |`);
if (opsSeen.size !== corpus.operations) {
  console.log(`only ${opsSeen.size} of ${corpus.operations} operations have cases`);
  failed++;
}
for (const [reason, n] of divergences) console.log(`documented divergence (${n} cases): ${reason}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
