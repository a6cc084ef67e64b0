// SPDX-License-Identifier: BSL-1.0
// benchmarks/peers/peer_js.mjs — the AWS SDK for JavaScript v3 signer
// (@smithy/signature-v4, pinned in tests/conformance) behind the peers' line
// protocol (benchmarks/peers/peer_cpp.cpp describes it).
//
//   node peer_js.mjs FIXTURE MODULES_DIR [node-crypto|sha256-js]
//
// MODULES_DIR is tests/conformance/node_modules. The hash is Node's crypto
// (node-crypto, what the SDK uses in Node through @smithy/hash-node; a small
// adapter written here) or @aws-crypto/sha256-js (pure JS, the browser
// default). One sign = a fresh HttpRequest from the fixture (headers
// object copied) and `await signer.sign(req, { signingDate })`; the signer
// is made once, so its signing-key cache is warm after the first sign.
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

const [fixturePath, modulesDir, hashName = "node-crypto"] = process.argv.slice(2);
if (!fixturePath || !modulesDir) {
  console.error("usage: node peer_js.mjs FIXTURE MODULES_DIR [node-crypto|sha256-js]");
  process.exit(2);
}
const require = createRequire(join(resolve(modulesDir), "noop.js"));
const { HttpRequest } = require("@smithy/protocol-http");
const { SignatureV4 } = require("@smithy/signature-v4");

// The Checksum interface the signer expects: update(), digest() -> Uint8Array.
class NodeSha256 {
  constructor(secret) {
    this.h = secret ? createHmac("sha256", secret) : createHash("sha256");
  }
  update(data) {
    this.h.update(data);
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
  reset() {}
}
const sha256 = hashName === "sha256-js" ? require("@aws-crypto/sha256-js").Sha256 : NodeSha256;

const f = JSON.parse(readFileSync(fixturePath, "utf8"));
const query = {};
for (const kv of f.query ? f.query.split("&") : []) {
  const [k, v = ""] = kv.split("=");
  query[decodeURIComponent(k)] = decodeURIComponent(v);
}
const headers = {};
for (const [n, v] of f.headers) headers[n] = v;
const signer = new SignatureV4({
  service: f.service,
  region: f.region,
  credentials: { accessKeyId: f.access_key_id, secretAccessKey: f.secret_access_key },
  sha256,
  uriEscapePath: true,
  applyChecksum: false,
});
const signingDate = new Date(f.epoch_seconds * 1000);

async function signOnce() {
  const req = new HttpRequest({
    method: f.method,
    protocol: f.scheme + ":",
    hostname: f.host,
    path: f.path,
    query: { ...query },
    headers: { ...headers },
    body: f.body,
  });
  const out = await signer.sign(req, { signingDate });
  return out.headers["authorization"];
}

function cpuNs() {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

process.stdout.write(`AUTH ${await signOnce()}\n`);
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.startsWith("time ")) continue;
  const n = parseInt(line.slice(5), 10);
  if (!(n > 0)) continue;
  let sink = 0;
  const t0 = cpuNs();
  for (let i = 0; i < n; ++i) sink += (await signOnce()).length;
  const t1 = cpuNs();
  if (sink === 0) process.exit(1);
  process.stdout.write(`${((t1 - t0) / n).toFixed(1)}\n`);
}
