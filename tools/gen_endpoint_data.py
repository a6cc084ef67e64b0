#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Generate include/chime_voice/detail/endpoint_data.hpp from an AWS partitions.json.

Usage:
    python3 tools/gen_endpoint_data.py PARTITIONS_JSON [OUTPUT_HPP]

PARTITIONS_JSON is the AWS partitions file (format version 1.1, as used by the
Smithy rules engine function `aws.partition`; the project's copy lives in
tests/data/endpoints/partitions.json). Without OUTPUT_HPP the header is
written to standard output.

What the header holds (all constexpr, no allocation at run time):

* one `partition` per entry of "partitions", in file order (the order matters:
  `aws.partition` tries the region regexes in that order);
* the partition's regionRegex, translated into a structural matcher: a list of
  '-'-separated segments, each a set of literal alternatives, "\\w+" or "\\d+";
* one `known_region` per explicit region, sorted by name, with the outputs of
  its partition merged with any per-region override found in partitions.json
  (keys dnsSuffix, dualStackDnsSuffix, supportsFIPS, supportsDualStack, name,
  implicitGlobalRegion next to "description").

Supported regex subset (anything else stops the generator with an error, so a
future partitions.json cannot silently produce a wrong matcher):

    regex    = "^" segment *( "\\-" segment ) "$"
    segment  = literal / "(" literal *( "|" literal ) ")" / "\\w+" / "\\d+"
    literal  = 1*( ALPHA / DIGIT )

None of the segment forms can match '-', so a region matches the regex exactly
when splitting it on '-' gives as many parts as there are segments and every
part matches its segment. The generator checks this translation against
Python's `re` on every explicit region and on a set of probe strings before it
writes anything.

The output is deterministic (no timestamps, no paths), so a test can rerun the
generator and compare byte for byte with the committed header.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass

OUTPUT_KEYS = ("name", "dnsSuffix", "dualStackDnsSuffix", "implicitGlobalRegion",
               "supportsFIPS", "supportsDualStack")

_LITERAL = re.compile(r"[A-Za-z0-9]+")


class GenerationError(Exception):
    pass


@dataclass(frozen=True)
class Segment:
    kind: str                  # "literal", "word" or "digits"
    alternatives: tuple = ()   # for "literal"


def translate_regex(regex: str) -> list[Segment]:
    """Translate a regionRegex of the supported subset into segments."""
    if not (regex.startswith("^") and regex.endswith("$")):
        raise GenerationError(f"regionRegex not anchored with ^...$: {regex!r}")
    body = regex[1:-1]
    parts = body.split("\\-")
    segments: list[Segment] = []
    for part in parts:
        if part == "\\w+":
            segments.append(Segment("word"))
        elif part == "\\d+":
            segments.append(Segment("digits"))
        elif part.startswith("(") and part.endswith(")"):
            alts = part[1:-1].split("|")
            if not alts or not all(_LITERAL.fullmatch(a) for a in alts):
                raise GenerationError(f"unsupported group {part!r} in {regex!r}")
            segments.append(Segment("literal", tuple(alts)))
        elif _LITERAL.fullmatch(part):
            segments.append(Segment("literal", (part,)))
        else:
            raise GenerationError(f"unsupported segment {part!r} in {regex!r}")
    return segments


def structural_match(segments: list[Segment], region: str) -> bool:
    """Python twin of detail::matches_region_pattern, used for the self-check."""
    parts = region.split("-")
    if len(parts) != len(segments):
        return False
    for seg, part in zip(segments, parts):
        if seg.kind == "literal":
            if part not in seg.alternatives:
                return False
        elif seg.kind == "word":
            if not part or not all(c.isascii() and (c.isalnum() or c == "_") for c in part):
                return False
        elif seg.kind == "digits":
            if not part or not all(c in "0123456789" for c in part):
                return False
    return True


def self_check(partitions: list[dict], translated: list[list[Segment]]) -> None:
    probes = set()
    for p in partitions:
        probes.update(p.get("regions", {}).keys())
    extra = ["us-west-7", "eu-central-9", "cn-north-9", "us-gov-west-9", "us-iso-west-5",
             "us-isob-south-2", "eu-isoe-north-4", "us-isof-west-3", "eusc-de-west-2",
             "eusc-fr-east-1", "xx-east-1", "us-east", "us-east-1-1", "us--1", "us-east-",
             "-us-east-1", "us_east_1", "us-east_x-1", "US-EAST-1", "us-east-1a",
             "us-iso-east-1x", "mx-central-1", "il-central-2", "cn-north-1", "cn-1",
             "aws-global", "", "us", "us-gov-1"]
    probes.update(extra)
    for region in sorted(probes):
        for p, segs in zip(partitions, translated):
            want = re.fullmatch(p["regionRegex"], region, flags=re.ASCII) is not None
            got = structural_match(segs, region)
            if want != got:
                raise GenerationError(
                    f"structural matcher disagrees with re for {region!r} and {p['regionRegex']!r}")


def cpp_string(s: str) -> str:
    if not all(0x20 <= ord(c) < 0x7F and c not in '"\\?' for c in s):
        raise GenerationError(f"value needs escaping, not supported: {s!r}")
    return '"' + s + '"'


def cpp_bool(b) -> str:
    if not isinstance(b, bool):
        raise GenerationError(f"expected a boolean, got {b!r}")
    return "true" if b else "false"


def outputs_initializer(o: dict) -> str:
    for key in OUTPUT_KEYS:
        if key not in o:
            raise GenerationError(f"partition outputs lack {key!r}")
    return ("{" + ", ".join([
        cpp_string(o["name"]), cpp_string(o["dnsSuffix"]), cpp_string(o["dualStackDnsSuffix"]),
        cpp_string(o["implicitGlobalRegion"]), cpp_bool(o["supportsFIPS"]),
        cpp_bool(o["supportsDualStack"])]) + "}")


def generate(raw: bytes) -> str:
    doc = json.loads(raw)
    partitions = doc.get("partitions")
    if not isinstance(partitions, list) or not partitions:
        raise GenerationError("no partitions")
    translated = [translate_regex(p["regionRegex"]) for p in partitions]
    self_check(partitions, translated)
    ids = [p["id"] for p in partitions]
    if "aws" not in ids:
        raise GenerationError('no "aws" partition to fall back to')
    max_segments = max(len(s) for s in translated)

    regions: dict[str, tuple[int, dict]] = {}
    for index, p in enumerate(partitions):
        for name, info in p.get("regions", {}).items():
            if name in regions:
                # aws.partition tries partitions in order: the first one wins.
                continue
            merged = dict(p["outputs"])
            for key in OUTPUT_KEYS:
                if key in info:
                    merged[key] = info[key]
            regions[name] = (index, merged)

    sha = hashlib.sha256(raw).hexdigest()
    out: list[str] = []
    w = out.append
    w("// SPDX-License-Identifier: BSL-1.0")
    w("// chime_voice/detail/endpoint_data.hpp — AWS partitions as constexpr tables.")
    w("//")
    w("// GENERATED by tools/gen_endpoint_data.py from partitions.json; do not edit.")
    w(f"// partitions.json version {doc.get('version', '?')}, sha256 {sha}")
    w("// Regenerate (from the project root):")
    w("//   python3 tools/gen_endpoint_data.py tests/data/endpoints/partitions.json")
    w("//           include/chime_voice/detail/endpoint_data.hpp")
    w("// The test endpoint_data_current checks that this file is what the generator writes.")
    w("//")
    w("// Not API. Semantics: Smithy rules engine, AWS rules-engine library function")
    w("// `aws.partition` (explicit region list first, then each partition's")
    w("// regionRegex in file order, else the \"aws\" partition).")
    w("#ifndef CHIME_VOICE_DETAIL_ENDPOINT_DATA_HPP")
    w("#define CHIME_VOICE_DETAIL_ENDPOINT_DATA_HPP")
    w("")
    w("#include <chime_voice/config.hpp>")
    w("")
    w("#include <array>")
    w("#include <cstddef>")
    w("#include <cstdint>")
    w("#include <string_view>")
    w("")
    w("namespace chime_voice::detail::endpoint_data {")
    w("")
    w("/// The `outputs` object of a partition (or a region's merged override).")
    w("struct partition_outputs {")
    w("    std::string_view name;")
    w("    std::string_view dns_suffix;")
    w("    std::string_view dual_stack_dns_suffix;")
    w("    std::string_view implicit_global_region;")
    w("    bool supports_fips;")
    w("    bool supports_dual_stack;")
    w("};")
    w("")
    w("/// One '-'-separated part of a regionRegex (see tools/gen_endpoint_data.py):")
    w("/// `literal` matches one of the '|'-separated alternatives exactly, `word`")
    w("/// is \\w+ ([A-Za-z0-9_]+), `digits` is \\d+ ([0-9]+).")
    w("enum class segment_kind : std::uint8_t { literal, word, digits };")
    w("")
    w("struct region_segment {")
    w("    segment_kind kind;")
    w("    std::string_view alternatives; ///< '|'-separated, for segment_kind::literal")
    w("};")
    w("")
    w(f"inline constexpr std::size_t max_segments = {max_segments};")
    w("")
    w("struct partition {")
    w("    std::string_view id;")
    w("    partition_outputs outputs;")
    w("    std::string_view region_regex; ///< the original regex, for documentation and tests")
    w("    std::array<region_segment, max_segments> segments;")
    w("    std::size_t segment_count;")
    w("};")
    w("")
    w("struct known_region {")
    w("    std::string_view name;")
    w("    std::size_t partition_index; ///< index into `partitions`")
    w("    partition_outputs outputs;   ///< partition outputs merged with the region's overrides")
    w("};")
    w("")
    w(f"inline constexpr std::size_t aws_partition_index = {ids.index('aws')};")
    w("")
    w(f"inline constexpr std::array<partition, {len(partitions)}> partitions{{{{")
    for p, segs in zip(partitions, translated):
        seg_init = []
        for s in segs:
            if s.kind == "literal":
                seg_init.append("{segment_kind::literal, " + cpp_string("|".join(s.alternatives)) + "}")
            else:
                seg_init.append("{segment_kind::" + s.kind + ", {}}")
        while len(seg_init) < max_segments:
            seg_init.append("{segment_kind::literal, {}}")
        regex_literal = 'R"re(' + p["regionRegex"] + ')re"'
        w("    {" + cpp_string(p["id"]) + ",")
        w("     " + outputs_initializer(p["outputs"]) + ",")
        w("     " + regex_literal + ",")
        w("     {{" + ", ".join(seg_init) + "}},")
        w(f"     {len(segs)}}},")
    w("}};")
    w("")
    w("/// Sorted by name (byte order) for binary search.")
    w(f"inline constexpr std::array<known_region, {len(regions)}> known_regions{{{{")
    for name in sorted(regions):
        index, merged = regions[name]
        w("    {" + cpp_string(name) + f", {index}, " + outputs_initializer(merged) + "},")
    w("}};")
    w("")
    w("} // namespace chime_voice::detail::endpoint_data")
    w("")
    w("#endif")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        raw = f.read()
    try:
        text = generate(raw)
    except (GenerationError, KeyError, ValueError) as e:
        print(f"gen_endpoint_data: {e}", file=sys.stderr)
        return 1
    if len(argv) == 3:
        with open(argv[2], "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
