// SPDX-License-Identifier: GPL-3.0-or-later
// ChunkedExporter's cases for the exporter interface suite (tests/exporters): a Zarr v2
// array written by zarr-python and an HDF5 dataset written by h5py, opened through openFile
// exactly as the user names them; their C-order bytes come from NumPy.
#include "case_files.h"
#include "exporter_cases.h"
#include "python_oracle.h"

#include "exporters/open_source.h"

namespace bufferscope::testing {
namespace {

// Writes the store with Python and the expected bytes beside it (NAME.bin).
QString prepareStores(const QString &dir)
{
    const auto run = runPython(QStringLiteral(
        "import sys, numpy as np, zarr, numcodecs, h5py\n"
        "d = sys.argv[1]\n"
        "a = (np.arange(3 * 5 * 7) * 3 % 251).astype('<i2').reshape(3, 5, 7)\n"
        "z = zarr.open_array(d + '/a.zarr', mode='w', shape=a.shape, chunks=(2, 2, 3), dtype=a.dtype,\n"
        "                    compressor=numcodecs.Zstd(level=1))\n"
        "z[...] = a\n"
        "open(d + '/a.bin', 'wb').write(a.tobytes())\n"
        "r = np.zeros((4, 6), dtype=[('x', '>f8'), ('n', '<u2')])\n"
        "r['x'] = np.arange(24).reshape(4, 6) / 4; r['n'] = np.arange(24).reshape(4, 6)\n"
        "with h5py.File(d + '/b.h5', 'w') as f:\n"
        "    f.create_dataset('g/r', data=r, chunks=(3, 4), compression='gzip', shuffle=True)\n"
        "open(d + '/b.bin', 'wb').write(r.tobytes())\n"), {}, {dir});
    return run.ok ? QString() : run.error;
}

ExporterCase chunkedCase(QString name, QString path, QString expected)
{
    return ExporterCase{std::move(name), prepareStores, [=](const QString &dir) {
                            ExporterFixture fixture;
                            fixture.what = QStringLiteral("chunked array");
                            fixture.expectedCBytes = readFile(dir + "/" + expected);
                            auto opened = openFile((dir + "/" + path).toStdString(), std::nullopt);
                            if (!opened) {
                                fixture.setupError = QString::fromStdString(opened.error().message);
                                return fixture;
                            }
                            fixture.exporter = std::move(*opened);
                            return fixture;
                        }};
}

const ExporterCaseRegistrar registrar({
    chunkedCase(QStringLiteral("zarr v2 <h (3,5,7) zstd"), QStringLiteral("a.zarr"), QStringLiteral("a.bin")),
    chunkedCase(QStringLiteral("hdf5 record (4,6) gzip+shuffle"), QStringLiteral("b.h5::/g/r"),
                QStringLiteral("b.bin")),
});

} // namespace
} // namespace bufferscope::testing
