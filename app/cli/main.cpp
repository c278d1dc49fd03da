// SPDX-License-Identifier: GPL-3.0-or-later
// bufferscope-cli: the command line (CLI11) over commands.h. Registers the image kind, which
// core cannot know about, then parses and dispatches; nothing else happens here.
#include "commands.h"

#include "image/image_opener.h"

#include <CLI/CLI.hpp>

#include <iostream>

using namespace bufferscope;

namespace {

void addRawOptions(CLI::App &command, cli::RawArguments &raw)
{
    command.add_option("--raw", raw.format, "Read FILE as headerless data of this format")
        ->type_name("FMT");
    command.add_option("--shape", raw.shape, "Shape of the raw data, e.g. 3,4")
        ->type_name("D0,D1,..");
    command.add_option("--offset", raw.offset, "Bytes to skip at the start of a raw file")
        ->type_name("N");
}

} // namespace

int main(int argc, char **argv)
{
    registerImageOpener();

    CLI::App app{"Inspect PEP 3118 buffers of .npy, raw and image files: descriptors, views, "
                 "request flags, NumPy's __array_interface__ and bytes.",
                 "bufferscope-cli"};
    app.set_version_flag("--version", "bufferscope-cli " BUFFERSCOPE_VERSION
                                      "\nCopyright (C) 2026 BufferScope developers"
                                      "\nLicense GPL-3.0-or-later: GNU GPL version 3 or later "
                                      "<https://gnu.org/licenses/gpl.html>.\nThis is free "
                                      "software: you are free to change and redistribute it.");
    app.require_subcommand(1);
    app.footer("Exit status: 0 on success, 2 on any error (the message goes to stderr).");

    std::string file, expression, descriptorPath, format, script;
    cli::RawArguments raw;
    cli::ToBytesArguments tobytes;

    auto *info = app.add_subcommand("info", "Print the descriptor of FILE's exporter as JSON");
    info->add_option("FILE", file, "A .npy file, an image, or raw data (with --raw)")->required();
    addRawOptions(*info, raw);
    info->add_option("--order", raw.order, "Layout of raw data: C or F")->type_name("C|F");
    bool infoCost = false;
    info->add_flag(
        "--cost", infoCost,
        "Chunked arrays: add the cost of reading the whole array (chunks, stored bytes)");

    auto *view = app.add_subcommand("view", "Print the descriptor of a view of FILE");
    view->add_option("FILE", file, "A .npy file, an image, or raw data (with --raw)")->required();
    view->add_option("EXPR", expression, "The view expression, e.g. '[1:3, ::2]'")->required();
    addRawOptions(*view, raw);
    view->add_option("--tobytes", tobytes.path, "Write the view's bytes to OUT (atomically)")
        ->type_name("OUT");
    const char *noFsyncHelp = "With --tobytes: skip the fsync before the rename (other processes "
                              "still see the old or the complete file; after a power loss OUT "
                              "may be empty)";
    bool noFsync = false;
    view->add_flag("--no-fsync", noFsync, noFsyncHelp);
    std::vector<std::string> viewOrders;
    auto *viewOrder =
        view->add_option("--order", viewOrders,
                         "After --tobytes: order of the bytes, C, F or A (default C); "
                         "before it: layout of raw data, C or F")
            ->type_name("C|F|A")
            ->expected(1)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    bool numpy = false;
    bool python = false;
    auto *numpyFlag = view->add_flag("--numpy", numpy, "Print NumPy's __array_interface__ instead");
    auto *pythonFlag =
        view->add_flag("--python", python, "Print a Python snippet rebuilding the view with numpy");
    numpyFlag->excludes(pythonFlag);
    auto *costFlag = view->add_flag("--cost", tobytes.cost,
                                    "Chunked arrays: add the cost of reading the view (chunks, "
                                    "stored bytes) to the descriptor");
    costFlag->excludes(numpyFlag)->excludes(pythonFlag);

    auto *load = app.add_subcommand("load", "Rebuild a view from a descriptor and print it");
    load->add_option("DESCRIPTOR", descriptorPath, "A JSON file written by info or view")
        ->required();
    load->add_option("--tobytes", tobytes.path, "Write the view's bytes to OUT (atomically)")
        ->type_name("OUT");
    load->add_option("--order", tobytes.order, "Order of the bytes: C, F or A (default C)")
        ->type_name("C|F|A");
    load->add_flag("--no-fsync", noFsync, noFsyncHelp);

    auto *formatCommand =
        app.add_subcommand("format", "Parse a PEP 3118 format and print its layout as JSON");
    formatCommand->add_option("FMT", format, "The format string, e.g. 'T{<i:a:(2)d:b:}'")
        ->required();

    auto *session = app.add_subcommand(
        "session", "Run session commands (open, new, view, exports, release, resize, reshape, "
                   "close, show) from SCRIPT or stdin, one per line");
    session->add_option("SCRIPT", script, "The script file (default: stdin)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &error) {
        if (error.get_exit_code() == 0)
            return app.exit(error); // --help, --version
        std::cerr << "error: " << error.what()
                  << "\nTry 'bufferscope-cli --help' for more "
                     "information.\n";
        return cli::kExitError;
    }

    if (*info)
        return cli::runInfo(file, raw, std::cout, std::cerr, infoCost);
    if (*view) {
        // "--order" before "--tobytes" describes the raw file, after it the copy's order.
        bool afterToBytes = false;
        std::size_t next = 0;
        for (const CLI::Option *option : view->parse_order()) {
            if (option->get_name() == "--tobytes")
                afterToBytes = true;
            else if (option == viewOrder && next < viewOrders.size())
                (afterToBytes ? tobytes.order : raw.order.emplace()) = viewOrders[next++];
        }
        const auto output = numpy    ? cli::ViewOutput::ArrayInterface
                            : python ? cli::ViewOutput::PythonSnippet
                                     : cli::ViewOutput::Descriptor;
        tobytes.fsync = !noFsync;
        return cli::runView(file, expression, raw, tobytes, output, std::cout, std::cerr);
    }
    if (*load) {
        tobytes.fsync = !noFsync;
        return cli::runLoad(descriptorPath, tobytes, std::cout, std::cerr);
    }
    if (*formatCommand)
        return cli::runFormat(format, std::cout, std::cerr);
    return cli::runSession(script, std::cout, std::cerr);
}
