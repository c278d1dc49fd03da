// SPDX-License-Identifier: GPL-3.0-or-later
// Runs a libFuzzer target without libFuzzer: every file of the corpus folders given on the
// command line, then a fixed-seed stream of random inputs. This turns the committed corpus
// (and every past finding saved in it) into a regression test for the ordinary gcc and
// ASan builds.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

int main(int argc, char **argv)
{
    std::size_t files = 0;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path folder(argv[i]);
        if (!std::filesystem::is_directory(folder))
            continue;
        for (const auto &entry : std::filesystem::recursive_directory_iterator(folder)) {
            if (!entry.is_regular_file())
                continue;
            std::ifstream in(entry.path(), std::ios::binary);
            const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(bytes.data()),
                                   bytes.size());
            ++files;
        }
    }
    // Random inputs: biased towards printable text, since most targets parse text.
    std::mt19937 rng(3118);
    const int randomInputs = 3000;
    for (int n = 0; n < randomInputs; ++n) {
        std::vector<std::uint8_t> input(rng() % 64);
        for (auto &byte : input)
            byte = (rng() % 4 == 0) ? static_cast<std::uint8_t>(rng())
                                    : static_cast<std::uint8_t>(32 + rng() % 95);
        LLVMFuzzerTestOneInput(input.data(), input.size());
    }
    std::printf("replayed %zu corpus files and %d random inputs\n", files, randomInputs);
    return 0;
}
