#!/usr/bin/env node
// SPDX-License-Identifier: BSL-1.0
// gen-corpus.mjs — writes the differential-test corpus (JSON) to stdout.
//
// The corpus is a pure function of SEED: the PRNG below (mulberry32) is ours,
// no Math.random, no clock, no environment. Running it twice gives the same
// bytes, so a failing case id names the same input on every machine.
//
// Shape of the output:
//   { seed, credentials: {accessKeyId, secretAccessKey},
//     requests:  [{ id, region, endpoint?, useFips, useDualStack, sessionToken?,
//                   time (ISO-8601 UTC), epochSeconds, phoneNumberIds: [..],
//                   expectDivergence?, divergence? }],
//     responses: [{ id, status, headers: [[name, value], ..], body: string|null,
//                   expectDivergence?, divergence? }] }
//
// A case with `expectDivergence` (a one-line reason) also has `divergence`:
// the exact set of fields on which ours and the SDK are expected to differ,
// with both expected values. check.mjs fails the case unless the observed
// difference is exactly that set. Expected values come from the Smithy
// restJson1 spec / the service model / the documented contract
// (CONTRIBUTING.md, README.md), never from our output.

const SEED = 0xc41e5;

// mulberry32: 32-bit state, full period 2^32; public-domain algorithm.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)); // inclusive
const pick = (arr) => arr[int(0, arr.length - 1)];

// ---------------------------------------------------------------- credentials
// The SigV4 suites' example key pair (public documentation values).
const credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const SESSION_TOKENS = [
  "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==",
  "IQoJb3JpZ2luX2VjEXAMPLE+token/with=padding==",
  "short-token",
];

// ---------------------------------------------------------------- time
// Whole seconds between 2015-01-01T00:00:00Z and 2030-12-31T23:59:59Z.
const T_LO = Date.UTC(2015, 0, 1) / 1000;
const T_HI = Date.UTC(2030, 11, 31, 23, 59, 59) / 1000;
function timeFields(sec) {
  return { time: new Date(sec * 1000).toISOString().replace(".000Z", "Z"), epochSeconds: sec };
}
const randomTime = () => timeFields(int(T_LO, T_HI));

// ---------------------------------------------------------------- IDs
const cp = (n) => String.fromCodePoint(n);
const ASCII_PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => cp(0x20 + i)).join("");
const CONTROL = [...Array.from({ length: 0x20 }, (_, i) => cp(i)), "\u007f"];
const SPECIAL = ['"', "\\", "/", "\u2028", "\u2029", "'", "`", "<", ">", "&", "%", "+", "\u0085", "\u00a0", "\ufeff", "\ufffd"];
const BMP = ["é", "ß", "ñ", "☃", "中", "文", "Ж", "ع", "א", "ह", "€", "\u200b", "\u0301"];
const ASTRAL = ["😀", "🎉", "𝄞", "𠜎", "🇩🇪", "👩‍💻", "\u{10ffff}", "\u{1f600}\u{fe0f}", "𐍈"];

function e164() {
  const cc = pick(["1", "44", "49", "33", "81", "61", "86", "852", "971"]);
  let n = "+" + cc;
  const len = int(7, 14 - cc.length);
  for (let i = 0; i < len; i++) n += String(int(0, 9));
  return n;
}
function asciiId() {
  const len = int(1, 40);
  let s = "";
  for (let i = 0; i < len; i++) s += ASCII_PRINTABLE[int(0, ASCII_PRINTABLE.length - 1)];
  return s;
}
function uuidLike() {
  const h = () => "0123456789abcdef"[int(0, 15)];
  const g = (n) => Array.from({ length: n }, h).join("");
  return `${g(8)}-${g(4)}-${g(4)}-${g(4)}-${g(12)}`;
}
function mixedId() {
  const len = int(1, 24);
  let s = "";
  for (let i = 0; i < len; i++) {
    const r = rnd();
    if (r < 0.3) s += ASCII_PRINTABLE[int(0, ASCII_PRINTABLE.length - 1)];
    else if (r < 0.45) s += pick(CONTROL);
    else if (r < 0.6) s += pick(SPECIAL);
    else if (r < 0.8) s += pick(BMP);
    else s += pick(ASTRAL);
  }
  return s;
}
const ID_KINDS = [
  [e164, 30],
  [uuidLike, 10],
  [asciiId, 15],
  [mixedId, 25],
  [() => pick(CONTROL) + e164() + pick(CONTROL), 5],
  [() => pick(ASTRAL) + pick(ASTRAL), 5],
  [() => "\u2028" + e164() + "\u2029", 4],
  [() => '"' + "\\".repeat(int(1, 4)) + '"', 4],
  [() => "", 2], // items are plain smithy.api#String: "" is valid
];
const ID_TOTAL = ID_KINDS.reduce((a, [, w]) => a + w, 0);
function randomId() {
  let r = rnd() * ID_TOTAL;
  for (const [f, w] of ID_KINDS) {
    if ((r -= w) < 0) return f();
  }
  return e164();
}
function randomIdCount() {
  const r = rnd();
  if (r < 0.55) return int(1, 3);
  if (r < 0.85) return int(4, 30);
  if (r < 0.97) return int(31, 200);
  return int(201, 1000);
}

// ---------------------------------------------------------------- requests
const REGIONS = ["us-east-1", "us-west-2", "eu-central-1", "ap-southeast-1", "cn-north-1",
                 "us-gov-west-1", "us-west-7", "eu-west-2", "ca-central-1", "cn-northwest-1",
                 "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1", "eusc-de-east-1"];
const ENDPOINTS = ["http://127.0.0.1:8080", "https://example.com/base", "https://example.com",
                   "https://example.com:8443/a/b", "http://localhost:4566",
                   "https://example.com/base/", "http://[::1]:8080", "HTTPS://Example.COM/Mixed/Case"];

const requests = [];
function addRequest(fields) {
  const c = {
    id: `req-${String(requests.length).padStart(3, "0")}`,
    region: "us-east-1",
    useFips: false,
    useDualStack: false,
    ...randomTime(),
    ...fields,
  };
  if (c.endpoint === "https://example.com/base/") {
    // RFC 3986 section 5.2.3 merge of a base path with a trailing "/": the
    // operation path is appended once, with one "/". The SDK concatenates
    // and sends "//".
    c.expectDivergence = "custom endpoint with a trailing '/': the SDK joins base path and operation path into \"/base//phone-numbers\"; we drop the base path's trailing '/'";
    c.divergence = {
      "url.path": { ours: "/base/phone-numbers", sdk: "/base//phone-numbers" },
      url: { ours: "https://example.com/base/phone-numbers?operation=batch-delete", sdk: "https://example.com/base//phone-numbers?operation=batch-delete" },
    };
  }
  requests.push(c);
}

// Hand-picked: every region x {plain, FIPS, dual-stack, both}.
for (const region of REGIONS) {
  for (const [useFips, useDualStack] of [[false, false], [true, false], [false, true], [true, true]]) {
    addRequest({ region, useFips, useDualStack, phoneNumberIds: [e164()] });
  }
}
// Custom endpoints, with and without a session token.
for (const endpoint of ENDPOINTS) {
  addRequest({ region: pick(REGIONS), endpoint, phoneNumberIds: [e164(), uuidLike()] });
  addRequest({ region: pick(REGIONS), endpoint, sessionToken: pick(SESSION_TOKENS), phoneNumberIds: [mixedId()] });
}
// Invalid configurations: both sides must refuse (endpoint rules error).
addRequest({ endpoint: "https://example.com", useFips: true, phoneNumberIds: ["+12065550100"] });
addRequest({ endpoint: "https://example.com", useDualStack: true, phoneNumberIds: ["+12065550100"] });
// Regions that are not in any partition's list, or odd in shape.
for (const region of ["us-east-1.example.com", "local", "mars-north-1", "a", "eu-west-1-"]) {
  addRequest({ region, phoneNumberIds: ["+12065550100"] });
}
// Upper case: the SDK accepts it (isValidHostLabel allows A-Z), lower-cases
// the host through the URL parser but signs the scope ".../US-EAST-1/chime/..."
// which the service rejects. We refuse the region up front.
addRequest({
  region: "US-EAST-1", phoneNumberIds: ["+12065550100"],
  expectDivergence: "region \"US-EAST-1\": we refuse it as not a lower-case host label (endpoint error); the SDK sends it with a credential scope the service does not accept",
  divergence: { outcome: { ours: "error:endpoint", sdk: "request" } },
});
// A custom endpoint without a region.
addRequest({ region: "", endpoint: "https://example.com", phoneNumberIds: ["+12065550100"] });
// Fixed times at the edges of the range and across a day boundary.
for (const sec of [T_LO, T_HI, Date.UTC(2020, 1, 29, 23, 59, 59) / 1000, Date.UTC(2024, 11, 31, 23, 59, 59) / 1000]) {
  addRequest({ ...timeFields(sec), phoneNumberIds: ["+12065550100"] });
}
// Every control character and DEL, each alone, then all together.
addRequest({ phoneNumberIds: CONTROL });
addRequest({ phoneNumberIds: [CONTROL.join("")] });
addRequest({ phoneNumberIds: ["\u2028", "\u2029", "a\u2028b\u2029c"] });
addRequest({ phoneNumberIds: ['"', "\\", '\\"', '"\\', "\\u0000", "/", "</script>"] });
addRequest({ phoneNumberIds: ASTRAL });
addRequest({ phoneNumberIds: [""] });
addRequest({ sessionToken: SESSION_TOKENS[0], phoneNumberIds: ["+12065550100", "+12065550101"] });
// Exactly 1000 IDs (the largest batch the corpus uses).
addRequest({ phoneNumberIds: Array.from({ length: 1000 }, () => randomId()) });
// An empty list violates @length(min: 1): we refuse it before sending; the
// SDK does no client-side validation and serializes it.
addRequest({
  phoneNumberIds: [],
  expectDivergence: "PhoneNumberIds is @length(min: 1): we refuse an empty list (validation error); the SDK does not validate constraints client-side and sends {\"PhoneNumberIds\":[]}",
  divergence: { outcome: { ours: "error:validation", sdk: "request" } },
});
// Random cases.
while (requests.length < 240) {
  const custom = rnd() < 0.15;
  const fields = {
    region: pick(REGIONS),
    phoneNumberIds: Array.from({ length: randomIdCount() }, () => randomId()),
  };
  if (custom) fields.endpoint = pick(ENDPOINTS);
  else {
    fields.useFips = rnd() < 0.3;
    fields.useDualStack = rnd() < 0.3;
  }
  if (rnd() < 0.4) fields.sessionToken = pick(SESSION_TOKENS);
  addRequest(fields);
}

// ---------------------------------------------------------------- responses
const responses = [];
let ridCounter = 0;
function rid() {
  ridCounter++;
  return `${uuidLike()}`;
}
function addResponse(id, fields) {
  responses.push({ id: `resp-${String(responses.length).padStart(3, "0")}-${id}`, headers: [], body: null, ...fields });
}
const json = (v) => JSON.stringify(v);
const jsonHeaders = (extra = []) => [["Content-Type", "application/json"], ["x-amzn-RequestId", rid()], ...extra];

const MODELLED = [
  ["BadRequestException", 400, "BadRequest"],
  ["UnauthorizedClientException", 401, "Unauthorized"],
  ["ForbiddenException", 403, "Forbidden"],
  ["NotFoundException", 404, "NotFound"],
  ["ThrottledClientException", 429, "Throttled"],
  ["ServiceFailureException", 500, "ServiceFailure"],
  ["ServiceUnavailableException", 503, "ServiceUnavailable"],
];
for (const [type, status, code] of MODELLED) {
  const body = json({ Code: code, Message: `${type} message ✓ "quoted"` });
  // 1. header carries the type, body carries the members.
  addResponse(`${type}-header`, { status, headers: jsonHeaders([["X-Amzn-Errortype", `${type}:http://internal.amazon.com/coral/com.amazonaws.chimesdkvoice/`]]), body });
  // 2. header with a plain name and a proxy-appended value.
  addResponse(`${type}-header-comma`, { status, headers: jsonHeaders([["x-amzn-errortype", `${type},OtherType`]]), body });
  // 3. body-only `code` (lowercase, the member the spec names).
  addResponse(`${type}-body-code`, { status, headers: jsonHeaders(), body: json({ code: type, message: `lower-case message for ${type}` }) });
  // 4. body-only `__type`, namespaced; no Code member, so nothing shadows __type.
  addResponse(`${type}-body-type-ns`, { status, headers: jsonHeaders(), body: json({ __type: `com.amazonaws.chimesdkvoice#${type}`, Message: "m" }) });
  // 5. body-only `__type` in the `X:http://...` form.
  addResponse(`${type}-body-type-uri`, { status, headers: jsonHeaders(), body: json({ __type: `${type}:http://internal.amazon.com/coral/com.amazon.coral.validate/`, message: "lower m" }) });
}
// __type in the aws.protocoltests#X form (the Smithy protocol tests' namespace).
addResponse("protocoltests-ns", { status: 404, headers: jsonHeaders(), body: json({ __type: "aws.protocoltests.restjson#NotFoundException", Message: "nf" }) });
addResponse("protocoltests-ns-header", { status: 400, headers: jsonHeaders([["X-Amzn-Errortype", "aws.protocoltests.restjson#BadRequestException:http://x"]]), body: json({ Message: "bad" }) });
// Header wins over body code, and body code wins over __type.
addResponse("header-over-body", { status: 403, headers: jsonHeaders([["X-Amzn-ErrorType", "ForbiddenException"]]), body: json({ code: "NotFoundException", __type: "ServiceFailureException", Message: "x" }) });
addResponse("code-over-type", { status: 404, headers: jsonHeaders(), body: json({ code: "NotFoundException", __type: "BadRequestException", Message: "x" }) });
// The modelled member `Code` (capital C) next to `__type`, no header.
// Smithy restJson1 says the *`code`* property names the error; the SDK looks
// the key up case-insensitively and so takes the member Code ("NotFound") for
// the type name.
addResponse("member-Code-vs-__type", {
  status: 404, headers: jsonHeaders(), body: json({ __type: "NotFoundException", Code: "NotFound", Message: "nf" }),
  expectDivergence: "the SDK matches the body key `code` case-insensitively, so the ErrorCode member `Code` shadows `__type`; the Smithy restJson1 spec names the lower-case `code` property",
  divergence: {
    errorName: { ours: "NotFoundException", sdk: "NotFound" },
  },
});
// Unmodelled types (client and server status).
addResponse("unmodelled-header-400", { status: 400, headers: jsonHeaders([["X-Amzn-Errortype", "ValidationException"]]), body: json({ Message: "1 validation error", Code: "Validation" }) });
addResponse("unmodelled-body-type-500", { status: 500, headers: jsonHeaders(), body: json({ __type: "com.amazon.coral.service#InternalFailure", message: "internal" }) });
addResponse("unmodelled-AccessDenied-403", { status: 403, headers: jsonHeaders([["X-Amzn-Errortype", "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/"]]), body: json({ Message: "User is not authorized" }) });
addResponse("unmodelled-InvalidSignature", { status: 403, headers: jsonHeaders([["x-amzn-ErrorType", "InvalidSignatureException"]]), body: json({ message: "The request signature we calculated does not match the signature you provided." }) });
// No type anywhere.
addResponse("no-type-json-502", { status: 502, headers: jsonHeaders(), body: json({ Message: "bad gateway" }) });
addResponse("no-type-empty-500", {
  status: 500, headers: jsonHeaders(), body: "",
  expectDivergence: "no message in the body of an error without a type: the SDK's placeholder is \"UnknownError\" (compared as no message); ours is the status's reason phrase (RFC 9110 section 15.6.1), as service_error.hpp documents",
  divergence: { message: { ours: "Internal Server Error", sdk: null } },
});
// Proxy HTML error page: not JSON at all.
addResponse("proxy-html-502", {
  status: 502, headers: [["Content-Type", "text/html"], ["X-Amz-Cf-Id", "cfid-" + uuidLike()]],
  body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n",
  expectDivergence: "the SDK's JSON.parse throws SyntaxError on a non-JSON error body and surfaces it instead of a service error; restJson1 types an error by status and headers, so we return a service error (kind unknown, fault from the status, body kept)",
  divergence: { outcome: { ours: "error:service", sdk: "throw:SyntaxError" } },
});
addResponse("malformed-json-200", {
  status: 200, headers: jsonHeaders(), body: '{"PhoneNumberErrors": [',
  expectDivergence: "the SDK's JSON.parse throws SyntaxError on a truncated success body; we return a malformed_response error",
  divergence: { outcome: { ours: "error:malformed_response", sdk: "throw:SyntaxError" } },
});
addResponse("malformed-json-400", {
  status: 400, headers: jsonHeaders([["X-Amzn-Errortype", "BadRequestException"]]), body: "{'Code': 'BadRequest'}",
  expectDivergence: "the SDK's JSON.parse throws SyntaxError even though X-Amzn-Errortype names a modelled error; we return that modelled service error (BadRequestException) and keep the body",
  divergence: { outcome: { ours: "error:service", sdk: "throw:SyntaxError" } },
});
// 200 bodies: empty, {}, absent, null list, extra fields.
addResponse("ok-empty-body", { status: 200, headers: jsonHeaders(), body: "" });
addResponse("ok-empty-object", { status: 200, headers: jsonHeaders(), body: "{}" });
addResponse("ok-absent-body", { status: 200, headers: [["x-amzn-RequestId", rid()]], body: null });
addResponse("ok-empty-list", { status: 200, headers: jsonHeaders(), body: json({ PhoneNumberErrors: [] }) });
addResponse("ok-unknown-fields", { status: 200, headers: jsonHeaders(), body: json({ NewTopLevel: { a: [1, 2.5, null, true] }, PhoneNumberErrors: [{ PhoneNumberId: "+1", ErrorCode: "NotFound", ErrorMessage: "m", Extra: 1 }] }) });
// PhoneNumberErrors with every known code, plus Validation and unknown ones.
const KNOWN_CODES = ["BadRequest", "Conflict", "Forbidden", "NotFound", "PreconditionFailed", "ResourceLimitExceeded",
  "ServiceFailure", "AccessDenied", "ServiceUnavailable", "Throttled", "Throttling", "Unauthorized", "Unprocessable",
  "VoiceConnectorGroupAssociationsExist", "PhoneNumberAssociationsExist", "Gone", "Validation"];
addResponse("ok-all-known-codes", {
  status: 200, headers: jsonHeaders(),
  body: json({ PhoneNumberErrors: KNOWN_CODES.map((c, i) => ({ PhoneNumberId: `+1206555${String(i).padStart(4, "0")}`, ErrorCode: c, ErrorMessage: `msg ${c}` })) }),
});
addResponse("ok-unknown-codes", {
  status: 200, headers: jsonHeaders(),
  body: json({ PhoneNumberErrors: [
    { PhoneNumberId: "id-1", ErrorCode: "SomethingNew", ErrorMessage: "new" },
    { PhoneNumberId: "id-2", ErrorCode: "validation", ErrorMessage: "case matters" },
    { PhoneNumberId: "id-3", ErrorCode: "", ErrorMessage: "" },
  ] }),
});
addResponse("ok-partial-members", {
  status: 200, headers: jsonHeaders(),
  body: json({ PhoneNumberErrors: [{ PhoneNumberId: "only-id" }, { ErrorCode: "Gone" }, { ErrorMessage: "only message" }, {}] }),
});
addResponse("ok-unicode-ids", {
  status: 200, headers: jsonHeaders(),
  body: '{"PhoneNumberErrors":[{"PhoneNumberId":"\\u2028\\ud83d\\ude00\\u0000\\"\\\\","ErrorCode":"NotFound","ErrorMessage":"caf\\u00e9 \u2603"}]}',
});
// Request-id headers: mixed case, fallback, extended and CloudFront ids.
addResponse("rid-mixed-case", { status: 200, headers: [["Content-Type", "application/json"], ["X-AMZN-REQUESTID", "MIXED-" + uuidLike()]], body: "{}" });
addResponse("rid-fallback-amz", { status: 200, headers: [["x-amz-request-id", "S3STYLE" + int(100000, 999999)], ["x-amz-id-2", "ext/" + uuidLike() + "="]], body: "{}" });
addResponse("rid-both", { status: 200, headers: [["x-amz-request-id", "second"], ["x-amzn-RequestId", "first"]], body: "{}" });
addResponse("rid-all-ids-error", {
  status: 429,
  headers: [["X-Amzn-Errortype", "ThrottledClientException"], ["X-Amzn-RequestId", "r-" + uuidLike()], ["X-Amz-Id-2", "id2-" + uuidLike()], ["X-Amz-Cf-Id", "cf-" + uuidLike()]],
  body: json({ Code: "Throttled", Message: "Rate exceeded" }),
});
addResponse("no-rid", { status: 200, headers: [], body: json({ PhoneNumberErrors: [{ PhoneNumberId: "p", ErrorCode: "Throttling", ErrorMessage: "slow" }] }) });
// Message variants on a modelled error: both spellings, none, non-string Code.
addResponse("message-both-spellings", { status: 400, headers: jsonHeaders([["X-Amzn-Errortype", "BadRequestException"]]), body: json({ message: "lower", Message: "upper", Code: "BadRequest" }) });
addResponse("message-absent", { status: 404, headers: jsonHeaders([["X-Amzn-Errortype", "NotFoundException"]]), body: json({ Code: "NotFound" }) });
addResponse("code-unknown-value", { status: 400, headers: jsonHeaders([["X-Amzn-Errortype", "BadRequestException"]]), body: json({ Code: "SomethingNew", Message: "future" }) });
addResponse("header-type-whitespace", { status: 404, headers: jsonHeaders([["X-Amzn-Errortype", "NotFoundException"]]), body: "  \n{\"Code\":\"NotFound\",\"Message\":\"ws\"}\n  " });
// Edge cases of the JSON and of the type header.
addResponse("ok-duplicate-key", { status: 200, headers: jsonHeaders(), body: '{"PhoneNumberErrors":[{"PhoneNumberId":"first"}],"PhoneNumberErrors":[{"PhoneNumberId":"second"}]}' });
addResponse("ok-duplicate-member", { status: 200, headers: jsonHeaders(), body: '{"PhoneNumberErrors":[{"PhoneNumberId":"a","PhoneNumberId":"b","ErrorCode":"Gone"}]}' });
addResponse("ok-null-list", { status: 200, headers: jsonHeaders(), body: '{"PhoneNumberErrors":null}' });
addResponse("ok-null-members", { status: 200, headers: jsonHeaders(), body: '{"PhoneNumberErrors":[{"PhoneNumberId":null,"ErrorCode":null,"ErrorMessage":null}]}' });
addResponse("ok-type-header-on-200", { status: 200, headers: jsonHeaders([["X-Amzn-Errortype", "NotFoundException"]]), body: "{}" });
addResponse("type-with-ns-and-uri", { status: 400, headers: jsonHeaders(), body: json({ __type: "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", Message: "foo" }) });
addResponse("type-header-empty", {
  status: 400, headers: jsonHeaders([["X-Amzn-Errortype", ""]]), body: json({ code: "BadRequestException", Message: "empty header" }),
  expectDivergence: "an empty X-Amzn-Errortype: the SDK takes \"\" as the error name; we treat an empty header as absent and read the body's `code`",
  divergence: { errorName: { ours: "BadRequestException", sdk: "" } },
});
addResponse("type-header-spaces", { status: 404, headers: jsonHeaders([["X-Amzn-Errortype", " NotFoundException "]]), body: json({ Message: "spaces" }) });
addResponse("status-304", {
  status: 304, headers: [["x-amzn-RequestId", rid()]], body: null,
  expectDivergence: "a 3xx without a body: the SDK calls every status below 500 a client fault and says \"UnknownError\"; we set no fault outside 4xx/5xx (RFC 9110 section 15) and use the reason phrase",
  divergence: { message: { ours: "Not Modified", sdk: null }, fault: { ours: null, sdk: "client" } },
});
addResponse("status-599-no-body", {
  status: 599, headers: [], body: null,
  expectDivergence: "no type, no body, a status without a reason phrase: the SDK says \"UnknownError\"; we say \"HTTP 599\"",
  divergence: { message: { ours: "HTTP 599", sdk: null } },
});
// Bytes that are not UTF-8, a byte-order mark, lone surrogate escapes.
const hexOf = (str) => Buffer.from(str, "utf8").toString("hex");
addResponse("ok-invalid-utf8-message", {
  status: 200, headers: jsonHeaders(),
  bodyHex: hexOf('{"PhoneNumberErrors":[{"PhoneNumberId":"+1","ErrorCode":"NotFound","ErrorMessage":"bad ') + "ff" + hexOf('"}]}'),
  expectDivergence: "a byte that is not UTF-8 in a 200 body: the SDK decodes it as U+FFFD and succeeds; JSON text must be UTF-8 (RFC 8259 section 8.1), so we report a malformed response",
  divergence: { outcome: { ours: "error:malformed_response", sdk: "success" } },
});
addResponse("error-invalid-utf8-message", {
  status: 404, headers: jsonHeaders([["X-Amzn-Errortype", "NotFoundException"]]),
  bodyHex: hexOf('{"Code":"NotFound","Message":"caf') + "c3" + hexOf('"}'),
  expectDivergence: "a truncated UTF-8 sequence in an error body: the SDK decodes it as U+FFFD and reads Code and Message; we still return the modelled error named by the header, but a body that is not UTF-8 JSON gives no members (it is kept raw in error::body)",
  divergence: { code: { ours: null, sdk: "NotFound" }, message: { ours: null, sdk: "caf\ufffd" } },
});
addResponse("ok-utf8-bom", {
  status: 200, headers: jsonHeaders(), bodyHex: "efbbbf" + hexOf('{"PhoneNumberErrors":[]}'),
  expectDivergence: "a UTF-8 byte-order mark before a 200 body (RFC 8259 section 8.1: senders MUST NOT add one): both refuse it, the SDK by throwing JSON.parse's SyntaxError, we with a malformed_response error",
  divergence: { outcome: { ours: "error:malformed_response", sdk: "throw:SyntaxError" } },
});
addResponse("ok-lone-surrogate-escape", {
  status: 200, headers: jsonHeaders(), body: '{"PhoneNumberErrors":[{"PhoneNumberId":"\\ud800x","ErrorCode":"Gone"}]}',
  expectDivergence: "the escape \\ud800 without its low surrogate: a JS string can hold it, so the SDK succeeds; it has no UTF-8 form (RFC 8259 section 8.2, RFC 3629), so we report a malformed response",
  divergence: { outcome: { ours: "error:malformed_response", sdk: "success" } },
});
// Random PhoneNumberErrors lists.
for (let k = 0; k < 24; k++) {
  const n = int(0, 12);
  const list = Array.from({ length: n }, () => {
    const e = {};
    if (rnd() < 0.95) e.PhoneNumberId = randomId();
    if (rnd() < 0.9) e.ErrorCode = rnd() < 0.8 ? pick(KNOWN_CODES) : pick(["SomethingNew", "Unknown", "NOTFOUND", "x"]);
    if (rnd() < 0.9) e.ErrorMessage = mixedId();
    return e;
  });
  addResponse(`random-ok`, { status: 200, headers: jsonHeaders(), body: json({ PhoneNumberErrors: list }) });
}

// Signer cases: paths the canonical URI normalizes (dot segments, empty
// segments, encoded reserved characters) and queries that need re-encoding,
// signed by our signer and re-signed by @smithy/signature-v4.
const signing = [];
const SIGNING_PATHS = [
  "/a/.", "/a/b/..", "/a/b/../", "/a/./", "/.", "/..", "/a/..", "//a//b//", "/a/../../b", "/a/b/./c/.",
  "/phone-numbers/%2B12065550100", "/a/%2E%2E/b", "/a%2Fb/c", "/%E1%88%B4/x", "/-._~!$&'()*+,;=:@",
];
const SIGNING_QUERIES = ["", "operation=batch-delete", "b=2&a=1&a=", "a=%41%2b%20b", "x=%E1%88%B4&y=~"];
SIGNING_PATHS.forEach((path, i) => {
  signing.push({ id: `sign-${i}`, method: i % 2 ? "GET" : "POST", host: "voice-chime.us-east-1.amazonaws.com",
                 path, query: SIGNING_QUERIES[i % SIGNING_QUERIES.length], body: i % 2 ? "" : "{}",
                 ...randomTime() });
});

process.stdout.write(JSON.stringify({ seed: SEED, credentials, requests, responses, signing }, null, 1) + "\n");
