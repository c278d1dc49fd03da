// SPDX-License-Identifier: GPL-3.0-or-later
// The SIGBUS handler and its lock-free table of guarded ranges (see fault_guard.h).
#include "common/fault_guard.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

namespace bufferscope::faultguard {

namespace {

// A slot is Free, being filled (Claimed), or Active; the handler reads only Active slots.
enum SlotState : int { Free, Claimed, Active };

struct Slot
{
    std::atomic<int> state{Free};
    std::atomic<std::uintptr_t> begin{0};
    std::atomic<std::size_t> size{0};
    std::atomic<bool> writable{false};
    std::atomic<std::size_t> damagedPages{0};
};

std::array<Slot, kMaxRanges> g_slots;
struct sigaction g_previous
{
};
std::once_flag g_installed;

static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<std::uintptr_t>::is_always_lock_free);
static_assert(std::atomic<std::size_t>::is_always_lock_free);

void handleBus(int signal, siginfo_t *info, void *context)
{
    const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    // Only faults the kernel raised for a mapping (not kill()) are ours to repair.
    if (info->si_code > 0) {
        for (Slot &slot : g_slots) {
            if (slot.state.load(std::memory_order_acquire) != Active)
                continue;
            const std::uintptr_t begin = slot.begin.load(std::memory_order_relaxed);
            const std::size_t size = slot.size.load(std::memory_order_relaxed);
            if (address < begin || address - begin >= size)
                continue;
            const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
            void *start = reinterpret_cast<void *>(address & ~(page - 1));
            const int protection =
                PROT_READ | (slot.writable.load(std::memory_order_relaxed) ? PROT_WRITE : 0);
            void *zeros =
                ::mmap(start, page, protection, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (zeros == MAP_FAILED)
                break; // cannot repair: fall through to the previous disposition
            slot.damagedPages.fetch_add(1, std::memory_order_release);
            return; // the faulting read is retried and now sees zeros
        }
    }
    // Not ours: behave as if this handler had never been installed.
    ::sigaction(SIGBUS, &g_previous, nullptr);
    if ((g_previous.sa_flags & SA_SIGINFO) && g_previous.sa_sigaction != nullptr) {
        g_previous.sa_sigaction(signal, info, context);
        return;
    }
    if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN &&
        g_previous.sa_handler != nullptr) {
        g_previous.sa_handler(signal);
        return;
    }
    // With the default action back, a fault re-executes the instruction and dies of SIGBUS;
    // a signal sent by kill() must be raised again.
    if (info->si_code <= 0)
        ::raise(signal);
}

void install()
{
    struct sigaction action
    {
    };
    action.sa_sigaction = handleBus;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, &g_previous);
}

Slot *slotFor(int token)
{
    if (token < 0 || token >= kMaxRanges)
        return nullptr;
    return &g_slots[static_cast<std::size_t>(token)];
}

} // namespace

int registerRange(const void *begin, std::size_t size, bool writable)
{
    std::call_once(g_installed, install);
    for (int i = 0; i < kMaxRanges; ++i) {
        Slot &slot = g_slots[static_cast<std::size_t>(i)];
        int expected = Free;
        if (!slot.state.compare_exchange_strong(expected, Claimed, std::memory_order_acq_rel))
            continue;
        slot.begin.store(reinterpret_cast<std::uintptr_t>(begin), std::memory_order_relaxed);
        slot.size.store(size, std::memory_order_relaxed);
        slot.writable.store(writable, std::memory_order_relaxed);
        slot.damagedPages.store(0, std::memory_order_relaxed);
        slot.state.store(Active, std::memory_order_release);
        return i;
    }
    return -1;
}

void unregisterRange(int token)
{
    if (Slot *slot = slotFor(token))
        slot->state.store(Free, std::memory_order_release);
}

bool damaged(int token)
{
    return damagedPages(token) > 0;
}

std::size_t damagedPages(int token)
{
    const Slot *slot = slotFor(token);
    return slot ? slot->damagedPages.load(std::memory_order_acquire) : 0;
}

} // namespace bufferscope::faultguard
