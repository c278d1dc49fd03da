// SPDX-License-Identifier: GPL-3.0-or-later
// The files a fuzzer may open: a folder of its own under /tmp, made once per run and removed
// at exit, holding a small .npy (NumPy's bytes for np.arange(12, dtype='<i4').reshape(3, 4))
// and a raw file of bytes 0..95. Fuzzers that reach code opening files redirect every path
// in their input to these, so no input makes them read an arbitrary file.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace bufferscope::fuzz {

struct FuzzFiles
{
    std::string npy; // (3, 4) '<i4', values 0..11, 128-byte header
    std::string raw; // 96 bytes, 0..95
};

inline const FuzzFiles &fuzzFiles()
{
    static const FuzzFiles files = [] {
        std::string folder = "/tmp/bufferscope-fuzz-XXXXXX";
        if (!::mkdtemp(folder.data()))
            std::abort();
        static std::string removeAtExit;
        removeAtExit = folder;
        std::atexit([] {
            std::error_code ignored;
            std::filesystem::remove_all(removeAtExit, ignored);
        });
        FuzzFiles made{folder + "/a.npy", folder + "/raw.bin"};
        // The header as NumPy 1.24 writes it: padded with spaces so that the data starts at
        // a multiple of 64, ended by a newline.
        std::string header = "{'descr': '<i4', 'fortran_order': False, 'shape': (3, 4), }";
        while ((10 + header.size() + 1) % 64 != 0)
            header += ' ';
        header += '\n';
        std::ofstream npy(made.npy, std::ios::binary);
        npy.write("\x93NUMPY\x01\x00", 8);
        const auto length = static_cast<std::uint16_t>(header.size());
        const char lengthBytes[2] = {static_cast<char>(length & 0xff),
                                     static_cast<char>(length >> 8)};
        npy.write(lengthBytes, 2);
        npy << header;
        for (std::int32_t value = 0; value < 12; ++value) {
            const char bytes[4] = {static_cast<char>(value), 0, 0, 0};
            npy.write(bytes, 4);
        }
        std::ofstream raw(made.raw, std::ios::binary);
        for (int value = 0; value < 96; ++value)
            raw.put(static_cast<char>(value));
        npy.close();
        raw.close();
        if (npy.fail() || raw.fail())
            std::abort();
        return made;
    }();
    return files;
}

} // namespace bufferscope::fuzz
