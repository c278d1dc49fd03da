// SPDX-License-Identifier: GPL-3.0-or-later
// The registry of the exporter interface suite: every exporter contributes cases (an exporter
// over known content plus the logical bytes it must show), and exporter_interface_test.cpp
// runs the same checks on all of them.
//
// To add an exporter: write tests/<area>/<kind>_exporter_cases.cpp with a static
// ExporterCaseRegistrar; tests/exporters/CMakeLists.txt compiles every such file into
// test_exporter_interface (and links bufferscope::core_image when it exists).
#pragma once

#include "exporters/exporter.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace bufferscope::testing {

struct ExporterFixture
{
    std::unique_ptr<Exporter> exporter;
    QByteArray expectedCBytes; // the logical content in C order, from the case's oracle
    // The name in close()'s refusal: "<what> has 1 exported buffer" ("memory buffer").
    QString what;
    QString setupError; // non-empty when the fixture could not be made
};

struct ExporterCase
{
    QString name;
    // Runs once, before any fixture: writes the files the case needs into `dir` (e.g. with
    // NumPy). Returns an error text, or an empty string on success. May be empty.
    std::function<QString(const QString &dir)> prepare;
    // Makes a fresh exporter; called once per check, so checks never share state.
    std::function<ExporterFixture(const QString &dir)> make;
};

inline std::vector<ExporterCase> &exporterCases()
{
    static std::vector<ExporterCase> cases;
    return cases;
}

struct ExporterCaseRegistrar
{
    explicit ExporterCaseRegistrar(std::vector<ExporterCase> cases)
    {
        for (auto &c : cases)
            exporterCases().push_back(std::move(c));
    }
};

} // namespace bufferscope::testing
