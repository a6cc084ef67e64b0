// SPDX-License-Identifier: BSL-1.0
// tests/conformance/settings-oracle.mjs — what the AWS SDK for JavaScript v3
// makes of each settings case (tests/settings_oracle_cases.py).
//
//   node settings-oracle.mjs CASES.json WORK_DIR > THEIRS.json
//
// For each case, in order: the environment is replaced by the case's (plus
// AWS_EC2_METADATA_DISABLED,
// so nothing asks instance metadata for a region), the case's files are
// written to a folder of their own under WORK_DIR (the SDK caches shared
// files by path), and a ChimeSDKVoiceClient sends BatchDeletePhoneNumber to
// a request handler that records the request and sends nothing. Output: a
// JSON array of {origin, max_attempts, retry_mode} (retry_mode: the mode of
// the retry strategy the client built) or {error}; when the rule set refuses
// a configured endpoint with FIPS or dual-stack, {error, variants_off}: the
// outcome of the same client with useFipsEndpoint and useDualstackEndpoint
// false.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BatchDeletePhoneNumberCommand, ChimeSDKVoiceClient } from "@aws-sdk/client-chime-sdk-voice";

const [casesPath, work] = process.argv.slice(2);
if (!casesPath || !work) {
  console.error("usage: node settings-oracle.mjs CASES.json WORK_DIR");
  process.exit(2);
}
const cases = JSON.parse(readFileSync(casesPath, "utf8"));

class Captured extends Error {
  constructor(request) {
    super("captured");
    this.name = "Captured";
    this.request = request;
  }
}

const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));

async function outcome(c, i) {
  const dir = join(work, `case-${i}`);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, "config");
  const credentials = join(dir, "credentials");
  if (c.config !== null) writeFileSync(config, c.config);
  if (c.credentials !== null) writeFileSync(credentials, c.credentials);
  for (const k of Object.keys(process.env)) delete process.env[k];
  Object.assign(process.env, baseEnv, c.env, {
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_EC2_METADATA_DISABLED: "true",
  });
  const send = async (extra) => {
    const client = new ChimeSDKVoiceClient({
      // Given here: with AWS_PROFILE set the SDK's chain would prefer the
      // (key-less) profile to the environment's keys.
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      requestHandler: {
        handle: async (request) => {
          throw new Captured(request);
        },
      },
      ...extra,
    });
    try {
      await client.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: ["+12065550100"] }));
      return { error: "the call was not stopped" };
    } catch (e) {
      if (!(e instanceof Captured)) throw e;
      const r = e.request;
      const origin = `${r.protocol}//${r.hostname}${r.port ? ":" + r.port : ""}`;
      const strategy = await client.config.retryStrategy();
      return { origin, max_attempts: await client.config.maxAttempts(), retry_mode: strategy.mode };
    }
  };
  try {
    return await send({});
  } catch (e) {
    const result = { error: `${e.name}: ${e.message}` };
    // The rule set refuses a configured endpoint with FIPS or dual-stack:
    // what the SDK does with both turned off is recorded as well, so the
    // documented difference can be checked against the SDK's own choice.
    if (/custom endpoint are not supported/.test(e.message)) {
      try {
        result.variants_off = await send({ useFipsEndpoint: false, useDualstackEndpoint: false });
      } catch (e2) {
        result.variants_off = { error: `${e2.name}: ${e2.message}` };
      }
    }
    return result;
  }
}

const out = [];
for (const [i, c] of cases.entries()) out.push(await outcome(c, i));
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
