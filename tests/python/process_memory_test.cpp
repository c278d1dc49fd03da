// SPDX-License-Identifier: GPL-3.0-or-later
// ProcessMemory: reads that meet unreadable memory fail with exact texts instead of faulting
// (a PROT_NONE page stands for a bad pointer), batching past IOV_MAX, page probes, strings,
// and reading another process (a forked child), as a viewer of a live exporter does.
#include "process_memory.h"

#include <QTest>

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <cstring>

using namespace bufferscope;

class ProcessMemoryTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void readsOwnMemory();
    void unreadableMemoryIsAnError();
    void partialReadNamesTheFirstBadByte();
    void readManyBeyondOneBatch();
    void probeTouchesEveryPage();
    void strings();
    void wrapAround();
    void readsAnotherProcess();

private:
    std::size_t m_page = 0;
    std::byte *m_pages = nullptr; // 64 pages, page 40 made PROT_NONE
};

namespace {

constexpr int kPages = 64;
constexpr int kBadPage = 40;

std::string hex(const void *p)
{
    char text[32];
    std::snprintf(text, sizeof text, "0x%llx",
                  static_cast<unsigned long long>(reinterpret_cast<Address>(p)));
    return text;
}

Address at(const void *p)
{
    return reinterpret_cast<Address>(p);
}

} // namespace

void ProcessMemoryTest::init()
{
    m_page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    void *p =
        mmap(nullptr, kPages * m_page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    QVERIFY(p != MAP_FAILED);
    m_pages = static_cast<std::byte *>(p);
    for (std::size_t i = 0; i < kPages * m_page; ++i)
        m_pages[i] = std::byte(i % 251);
    QCOMPARE(mprotect(m_pages + kBadPage * m_page, m_page, PROT_NONE), 0);
}

void ProcessMemoryTest::cleanup()
{
    munmap(m_pages, kPages * m_page);
}

void ProcessMemoryTest::readsOwnMemory()
{
    Result<std::vector<std::byte>> bytes = ProcessMemory::self().read(at(m_pages + 100), 300);
    QVERIFY(bytes);
    QVERIFY(std::memcmp(bytes->data(), m_pages + 100, 300) == 0);
}

void ProcessMemoryTest::unreadableMemoryIsAnError()
{
    const std::byte *bad = m_pages + kBadPage * m_page + 16;
    Result<std::vector<std::byte>> bytes = ProcessMemory::self().read(at(bad), 8);
    QVERIFY(!bytes);
    QCOMPARE(bytes.error().category, ErrorCategory::Bounds);
    QCOMPARE(bytes.error().message, "read: 8 bytes at " + hex(bad) + ".." + hex(bad + 8) +
                                        " are not readable (first bad byte at " + hex(bad) + ")");
    QVERIFY(!ProcessMemory::self().read(0, 1));
}

void ProcessMemoryTest::partialReadNamesTheFirstBadByte()
{
    const std::byte *start = m_pages + kBadPage * m_page - 4;
    Result<std::vector<std::byte>> bytes = ProcessMemory::self().read(at(start), 12);
    QVERIFY(!bytes);
    QCOMPARE(bytes.error().message, "read: 12 bytes at " + hex(start) + ".." + hex(start + 12) +
                                        " are not readable (first bad byte at " + hex(start + 4) +
                                        ")");
}

void ProcessMemoryTest::readManyBeyondOneBatch()
{
    // 3000 one-byte ranges (IOV_MAX is 1024), every 7th byte; then one of them made bad.
    std::vector<AddressRange> ranges;
    for (int i = 0; i < 3000; ++i)
        ranges.push_back({at(m_pages + 7 * i), 1});
    std::vector<std::byte> out(ranges.size());
    QVERIFY(ProcessMemory::self().readMany(ranges, out));
    for (int i = 0; i < 3000; ++i)
        QCOMPARE(out[i], m_pages[7 * i]);
    const std::byte *bad = m_pages + kBadPage * m_page;
    ranges[2500] = {at(bad), 1};
    Status s = ProcessMemory::self().readMany(ranges, out);
    QVERIFY(!s);
    QCOMPARE(s.error().message, "read: 1 bytes at " + hex(bad) + ".." + hex(bad + 1) +
                                    " are not readable (first bad byte at " + hex(bad) + ")");
}

void ProcessMemoryTest::probeTouchesEveryPage()
{
    const AddressRange before{at(m_pages), kBadPage * m_page};
    QVERIFY(ProcessMemory::self().probe(std::span(&before, 1)));
    const AddressRange all{at(m_pages + 1), kPages * m_page - 1};
    Status s = ProcessMemory::self().probe(std::span(&all, 1));
    QVERIFY(!s);
    QVERIFY(s.error().message.ends_with("(first bad byte at " + hex(m_pages + kBadPage * m_page) +
                                        ")"));
}

void ProcessMemoryTest::strings()
{
    // A string ending right before the bad page is read; one running into it is not.
    std::byte *end = m_pages + kBadPage * m_page;
    std::memcpy(end - 6, "hello", 6);
    Result<std::string> text = ProcessMemory::self().readString(at(end - 6));
    QVERIFY(text);
    QCOMPARE(*text, std::string("hello"));
    std::memset(end - 6, 'x', 6);
    text = ProcessMemory::self().readString(at(end - 6));
    QVERIFY(!text);
    QCOMPARE(text.error().message, "read: string at " + hex(end - 6) + " is not readable");
    std::memset(m_pages, 'y', 100);
    m_pages[100] = std::byte(0);
    text = ProcessMemory::self().readString(at(m_pages), 50);
    QVERIFY(!text);
    QCOMPARE(text.error().category, ErrorCategory::Limit);
    QCOMPARE(text.error().message, "read: string at " + hex(m_pages) + " is longer than 50 bytes");
}

void ProcessMemoryTest::wrapAround()
{
    Result<std::vector<std::byte>> bytes = ProcessMemory::self().read(~Address(0) - 7, 16);
    QVERIFY(!bytes);
    QCOMPARE(bytes.error().message,
             std::string("read: 16 bytes at 0xfffffffffffffff8 wrap around the address space"));
}

void ProcessMemoryTest::readsAnotherProcess()
{
    // The child changes its copy of the first page, then waits; the parent reads the child's
    // bytes (not its own) through ProcessMemory(child).
    int ready[2];
    QCOMPARE(pipe(ready), 0);
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        std::memset(m_pages, 0x5a, 64);
        const char one = 1;
        (void)!write(ready[1], &one, 1);
        pause();
        _exit(0);
    }
    char one = 0;
    QCOMPARE(read(ready[0], &one, 1), ssize_t(1));
    const ProcessMemory remote(child);
    Result<std::vector<std::byte>> bytes = remote.read(at(m_pages), 64);
    QVERIFY2(bytes, bytes ? "" : bytes.error().message.c_str());
    QCOMPARE(bytes->at(0), std::byte(0x5a));
    QCOMPARE(m_pages[0], std::byte(0)); // ours is unchanged
    QVERIFY(!remote.read(at(m_pages + kBadPage * m_page), 8));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    close(ready[0]);
    close(ready[1]);
    bytes = remote.read(at(m_pages), 8);
    QVERIFY(!bytes);
    QCOMPARE(bytes.error().category, ErrorCategory::Io);
    QCOMPARE(bytes.error().message, "read: process " + std::to_string(child) + ": No such process");
}

QTEST_GUILESS_MAIN(ProcessMemoryTest)
#include "process_memory_test.moc"
