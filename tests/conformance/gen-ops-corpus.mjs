#!/usr/bin/env node
// SPDX-License-Identifier: BSL-1.0
// gen-ops-corpus.mjs — the differential corpus for every operation.
//
//   node gen-ops-corpus.mjs MODEL.json > ops-corpus.json
//
// From the Smithy model (and a fixed seed), for each of the 96 operations:
// * 5 request inputs in the AWS CLI JSON form: "required" (required members
//   only), "all" (every member), "reserved" (every member; strings full of
//   RFC 3986 reserved characters, spaces, '+', '%' and non-ASCII text, which
//   is where labels and query values are tested), "lists" (every list and
//   map with several elements, nested structures filled) and "edges" (the
//   smallest and largest values and lengths the constraints allow,
//   timestamps with fractions and offsets);
// * 3 success responses generated from the output shape (random members,
//   timestamps in several RFC 3339 spellings, unicode strings);
// * one error response per modelled error of the operation.
// Inputs satisfy @length and @range (the SDK does not check them; we do, and
// a refusal would be a divergence). Patterns are not followed: neither side
// checks them.

import { readFileSync } from "node:fs";

const modelPath = process.argv[2];
if (!modelPath) {
  console.error("usage: node gen-ops-corpus.mjs MODEL.json");
  process.exit(2);
}
const model = JSON.parse(readFileSync(modelPath, "utf8"));
const shapes = model.shapes;

// mulberry32: small, seeded, reproducible.
let seed = 0x16c0ffee;
function rand() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const PRELUDE = {
  "smithy.api#String": { type: "string" },
  "smithy.api#Boolean": { type: "boolean" },
  "smithy.api#Integer": { type: "integer" },
  "smithy.api#Long": { type: "long" },
  "smithy.api#Float": { type: "float" },
  "smithy.api#Double": { type: "double" },
  "smithy.api#Timestamp": { type: "timestamp" },
  "smithy.api#Unit": { type: "unit" },
};
const shape = (id) => shapes[id] ?? PRELUDE[id];
const traits = (s) => s?.traits ?? {};

const PLAIN = ["alpha", "Bravo-9", "x_y.z~", "voice", "abc123", "number"];
const RESERVED = [
  "+12065550100", "a b", "a/b?c#d", "&=;,", "50%", "%2F", "!*'()", "[ipv6]:@$", "\u00e9t\u00e9", "\u4e2d\u6587",
  "\u{1F4DE}call", "tab\tnew\nline", "quote\"back\\slash", "\u2028\u2029", "+", "~._-", "caf\u00e9+100%",
];
const TEXT = ["plain text", "\u00fcnic\u00f8de \u2603", "\u{1F600} emoji", "quote \" and \\", "line\nbreak", "\u0001ctl", "<tag>&amp;"];

function cpLen(s) {
  return [...s].length;
}
function fitLength(s, len) {
  let cps = [...s];
  const min = len?.min ?? 0;
  const max = len?.max ?? Infinity;
  while (cps.length < min) cps = cps.concat([...(cps.length ? "x" : "a")]);
  if (cps.length > max) cps = cps.slice(0, max);
  return cps.join("");
}

function timestampText(mode) {
  const base = Date.UTC(2020, 0, 1) + int(0, 6 * 365 * 86400) * 1000;
  const forms = [
    () => new Date(base).toISOString().replace(".000Z", "Z"),
    () => new Date(base + int(1, 999)).toISOString(),
    () => new Date(base).toISOString().replace(/\.\d{3}Z$/, "+02:00"),
    () => new Date(base).toISOString().replace(/\.\d{3}Z$/, ".123456Z"),
    () => new Date(base).toISOString().replace(/\.\d{3}Z$/, "-07:30"),
  ];
  return mode === "edges" || mode === "output" ? pick(forms)() : forms[0]();
}

/// A value for shape `id`. mode: required | all | reserved | lists | edges | output.
function gen(id, mode, depth, ctx) {
  const s = shape(id);
  const t = traits(s);
  switch (s.type) {
    case "structure": {
      const out = {};
      for (const [name, m] of Object.entries(s.members ?? {})) {
        const mt = m.traits ?? {};
        const required = "smithy.api#required" in mt;
        if (mode === "required" && !required) continue;
        if (mode === "output" && !required && rand() < 0.25) continue;
        if (depth > 6 && !required) continue;
        const isLabel = "smithy.api#httpLabel" in mt;
        const isQuery = "smithy.api#httpQuery" in mt;
        out[name] = gen(m.target, mode, depth + 1, { label: isLabel, query: isQuery });
      }
      return out;
    }
    case "list":
    case "set": {
      const len = t["smithy.api#length"];
      let n = mode === "lists" ? 3 : mode === "required" ? 1 : mode === "output" ? int(0, 3) : 2;
      if (mode === "edges") n = len?.max !== undefined && len.max <= 5 ? len.max : (len?.min ?? 0);
      n = Math.max(n, len?.min ?? 0);
      if (len?.max !== undefined) n = Math.min(n, len.max);
      const out = [];
      for (let i = 0; i < n; i++) out.push(gen(s.member.target, mode, depth + 1, {}));
      if (s.type === "set" || "smithy.api#uniqueItems" in t) return [...new Set(out.map((x) => JSON.stringify(x)))].map((x) => JSON.parse(x));
      return out;
    }
    case "map": {
      const len = t["smithy.api#length"];
      let n = mode === "lists" ? 3 : mode === "output" ? int(0, 3) : 1;
      n = Math.max(n, len?.min ?? 0);
      if (len?.max !== undefined) n = Math.min(n, len.max);
      const out = {};
      for (let i = 0; i < n; i++) {
        const k = fitLength(mode === "reserved" ? pick(RESERVED) + i : "key" + i, traits(shape(s.key.target))["smithy.api#length"]);
        out[k] = gen(s.value.target, mode, depth + 1, {});
      }
      return out;
    }
    case "enum": {
      const values = Object.entries(s.members).map(([k, m]) => m.traits?.["smithy.api#enumValue"] ?? k);
      return pick(values);
    }
    case "string": {
      const len = t["smithy.api#length"];
      let v;
      if (mode === "reserved" || (mode === "output" && rand() < 0.4)) v = pick(ctx.label || ctx.query ? RESERVED : RESERVED.concat(TEXT));
      else if (mode === "edges" && len?.max !== undefined && len.max <= 64) v = "m".repeat(len.max);
      else if (mode === "edges") v = fitLength("e", len ? { min: len.min ?? 1 } : { min: 1 });
      else v = pick(PLAIN) + int(0, 99);
      v = fitLength(v, len);
      if (ctx.label && v === "") v = "x";
      return v;
    }
    case "boolean":
      return mode === "edges" ? false : rand() < 0.5;
    case "integer":
    case "long": {
      const r = t["smithy.api#range"] ?? {};
      const lo = r.min ?? (s.type === "long" ? -1e12 : -2147483648);
      const hi = r.max ?? (s.type === "long" ? 1e12 : 2147483647);
      if (mode === "edges") return rand() < 0.5 ? lo : hi;
      return int(Math.max(lo, -100000), Math.min(hi, 100000));
    }
    case "float":
    case "double": {
      const r = t["smithy.api#range"] ?? {};
      const lo = r.min ?? -1000;
      const hi = r.max ?? 1000;
      if (mode === "edges") return pick([lo, hi]);
      return Math.round((lo + rand() * (hi - lo)) * 1000) / 1000;
    }
    case "timestamp":
      return timestampText(mode);
    default:
      throw new Error(`no generator for ${id} (${s.type})`);
  }
}

const service = Object.values(shapes).find((s) => s.type === "service");
const ops = service.operations.map((o) => o.target).sort();
const cases = [];
let errorCount = 0;
const MODES = ["required", "all", "reserved", "lists", "edges"];
for (const op of ops) {
  const name = op.split("#")[1];
  const o = shapes[op];
  const input = o.input?.target ?? "smithy.api#Unit";
  const output = o.output?.target ?? "smithy.api#Unit";
  const http = o.traits["smithy.api#http"];
  for (const mode of MODES) {
    const value = shape(input).type === "unit" ? {} : gen(input, mode, 0, {});
    cases.push({ kind: "request", id: `${name}/${mode}`, op: name, input: value, region: pick(["us-east-1", "us-west-2", "eu-central-1", "ap-northeast-1"]), epochSeconds: 1700000000 + int(0, 1e7) });
  }
  const minimal = shape(input).type === "unit" ? {} : gen(input, "required", 0, {});
  for (let i = 0; i < 3; i++) {
    const body = shape(output).type === "unit" ? null : JSON.stringify(gen(output, "output", 0, {}));
    cases.push({
      kind: "response", id: `${name}/output-${i}`, op: name, sdkInput: minimal, status: http.code ?? 200,
      headers: [["content-type", "application/json"], ["x-amzn-RequestId", `req-${name}-${i}`]],
      body: i === 2 && body === null ? "" : body,
    });
  }
  for (const e of o.errors ?? []) {
    const en = e.target.split("#")[1];
    const et = shapes[e.target].traits;
    // Where the type travels, in turn: the X-Amzn-Errortype header (what the
    // service sends) with a URI suffix; body `__type` with a namespace; body
    // `code`; body `__type` next to the ErrorCode member `Code`.
    const carrier = errorCount++ % 4;
    const headers = [["content-type", "application/json"], ["x-amzn-RequestId", `req-${en}`]];
    const body = {};
    if (carrier === 0 || carrier === 3) body.Code = pick(["BadRequest", "NotFound", "Throttled", "Validation", "SomethingNew"]);
    body.Message = pick(TEXT);
    if (carrier === 0) headers.push(["x-amzn-ErrorType", `${en}:http://internal.amazon.com/coral/com.amazonaws.chimesdkvoice/`]);
    else if (carrier === 1 || carrier === 3) body.__type = `com.amazonaws.chimesdkvoice#${en}`;
    else body.code = en;
    const c = { kind: "response", id: `${name}/error-${en}`, op: name, sdkInput: minimal, status: et["smithy.api#httpError"], headers, body: JSON.stringify(body) };
    if (carrier === 3)
      c.divergence = {
        fields: ["type"],
        reason: "the SDK finds the body key `code` case-insensitively, so the ErrorCode member `Code` (here " + JSON.stringify(body.Code) +
          ") is taken as the error type before `__type`; the Smithy restJson1 spec names the lower-case `code` only",
      };
    cases.push(c);
  }
}

console.log(JSON.stringify({
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
  operations: ops.length,
  cases,
}, null, 1));
