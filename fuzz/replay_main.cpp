// SPDX-License-Identifier: BSL-1.0
// fuzz/replay_main.cpp — main() for the non-libFuzzer build of a fuzz target.
//
// Usage: fuzz_replay_<target> <file-or-folder>...
// Feeds every regular file (folders are walked recursively, in sorted order)
// to LLVMFuzzerTestOneInput and prints how many ran. A violated property
// aborts (see fuzz_harness.hpp), which fails the ctest test. Missing folders
// are skipped, so an empty regressions/<target>/ needs no placeholder.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        const fs::path p(argv[i]);
        std::error_code ec;
        if (fs::is_regular_file(p, ec)) {
            files.push_back(p);
        } else if (fs::is_directory(p, ec)) {
            for (const auto& e : fs::recursive_directory_iterator(p, ec))
                if (e.is_regular_file() && e.path().filename().string().front() != '.') files.push_back(e.path());
        } else {
            std::printf("skipping %s (not found)\n", argv[i]);
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::ifstream is(f, std::ios::binary);
        const std::vector<char> bytes((std::istreambuf_iterator<char>(is)), std::istreambuf_iterator<char>());
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("replayed %zu inputs\n", files.size());
    return 0;
}
