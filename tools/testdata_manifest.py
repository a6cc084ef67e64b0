#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Checks (or writes) the provenance manifest of the vendored conformance data.

Usage:
    python3 tools/testdata_manifest.py [--write] [DATA_DIR]

DATA_DIR defaults to tests/data. Its MANIFEST.sha256 lists every other file
of the folder, one per line, in the format of `sha256sum` (hex digest, two
spaces, path relative to DATA_DIR), sorted by path in byte order, so
`cd tests/data && sha256sum -c MANIFEST.sha256` checks it too.

Without --write (the ctest `testdata_manifest`): exit 0 when the folder holds
exactly the files of the manifest with exactly those hashes; exit 1 listing
every missing, extra and changed file otherwise. Symbolic links and special
files are reported as errors: the vendored tree holds plain files only.

With --write: rewrites MANIFEST.sha256 from the folder's current content. Do
that only after copying a new upstream snapshot in, together with the
SOURCE.md of the folder that changed (repository, commit, licence).
"""
import hashlib
import os
import sys

MANIFEST = "MANIFEST.sha256"


def scan(root):
    """Returns ({relative path: sha256 hex}, [problems]) for the tree under root."""
    files, problems = {}, []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in dirnames:
            if os.path.islink(os.path.join(dirpath, name)):
                problems.append(f"symbolic link: {os.path.relpath(os.path.join(dirpath, name), root)}")
        for name in filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            if rel == MANIFEST:
                continue
            if os.path.islink(full) or not os.path.isfile(full):
                problems.append(f"not a plain file: {rel}")
                continue
            h = hashlib.sha256()
            with open(full, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 16), b""):
                    h.update(chunk)
            files[rel] = h.hexdigest()
    return files, problems


def read_manifest(path):
    entries, problems = {}, []
    with open(path, "rb") as f:
        for number, raw in enumerate(f.read().split(b"\n"), 1):
            if not raw:
                continue
            line = raw.decode("utf-8")
            digest, sep, rel = line.partition("  ")
            if not sep or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest) or not rel:
                problems.append(f"{MANIFEST} line {number}: not '<sha256>  <path>'")
                continue
            if rel in entries:
                problems.append(f"{MANIFEST} line {number}: {rel} listed twice")
            entries[rel] = digest
    return entries, problems


def main(argv):
    args = [a for a in argv[1:] if a != "--write"]
    write = len(args) != len(argv) - 1
    root = args[0] if args else os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                             "tests", "data")
    files, problems = scan(root)
    manifest_path = os.path.join(root, MANIFEST)
    if write:
        if problems:
            print("\n".join(problems))
            return 1
        with open(manifest_path, "w", encoding="utf-8", newline="\n") as f:
            for rel in sorted(files, key=lambda s: s.encode()):
                f.write(f"{files[rel]}  {rel}\n")
        print(f"{MANIFEST}: {len(files)} files")
        return 0

    if not os.path.isfile(manifest_path):
        print(f"{manifest_path} is missing")
        return 1
    recorded, manifest_problems = read_manifest(manifest_path)
    problems += manifest_problems
    for rel in sorted(recorded.keys() - files.keys()):
        problems.append(f"missing: {rel}")
    for rel in sorted(files.keys() - recorded.keys()):
        problems.append(f"extra (not in {MANIFEST}): {rel}")
    for rel in sorted(recorded.keys() & files.keys()):
        if recorded[rel] != files[rel]:
            problems.append(f"changed: {rel} (sha256 {files[rel]}, manifest {recorded[rel]})")
    if problems:
        print("\n".join(problems))
        print(f"tests/data does not match {MANIFEST}: {len(problems)} problem(s)")
        return 1
    print(f"tests/data matches {MANIFEST}: {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
