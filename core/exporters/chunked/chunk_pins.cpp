// SPDX-License-Identifier: GPL-3.0-or-later
// ChunkReader's holds (chunk_reader.h): a held view registers its byte extent; every read
// that loads or finds a chunk whose part it copies lies inside a registered extent pins that
// chunk in the cache for the view, once. Dropping the view's handle unpins them, and the
// cache evicts down to its budget again. Pinning is lazy on purpose: holding a view of a
// whole 64 GiB array costs nothing until its chunks are actually read.
#include "exporters/chunked/chunk_reader.h"

#include <algorithm>

namespace bufferscope {

std::shared_ptr<const void> ChunkReader::hold(const Descriptor &view) const
{
    auto pin = std::make_unique<Pin>();
    pin->first = 0;
    pin->last = static_cast<std::int64_t>(m_arrayBytes) - 1;
    // A strided view's extent: from its lowest to its highest byte. Pointer levels (never
    // made by views of a chunked array, which has none) would hide it: the whole array then.
    const bool direct = std::all_of(view.suboffsets.begin(), view.suboffsets.end(),
                                    [](ByteOffset s) { return s < 0; });
    if (direct && view.len > 0) {
        std::int64_t lowest = 0, highest = 0;
        for (std::size_t k = 0; k < view.shape.size(); ++k) {
            const std::int64_t reach = (view.shape[k] - 1) * view.strides[k];
            (reach < 0 ? lowest : highest) += reach;
        }
        const auto start =
            static_cast<std::int64_t>(reinterpret_cast<Address>(view.buf) - kBaseAddress);
        pin->first = std::max<std::int64_t>(pin->first, start + lowest);
        pin->last = std::min<std::int64_t>(pin->last, start + highest + view.itemsize - 1);
    }
    {
        std::lock_guard lock(m_pinMutex);
        m_pins.push_back(pin.get());
        m_pinCount.fetch_add(1);
    }
    auto self = shared_from_this();
    return std::shared_ptr<const void>(pin.release(), [self](const void *p) {
        Pin *pin = static_cast<Pin *>(const_cast<void *>(p));
        self->dropPin(pin);
        delete pin;
    });
}

void ChunkReader::dropPin(Pin *pin) const
{
    std::lock_guard lock(m_pinMutex);
    m_pins.erase(std::remove(m_pins.begin(), m_pins.end(), pin), m_pins.end());
    m_pinCount.fetch_sub(1);
    for (std::uint64_t id : pin->chunks)
        m_chunks.unpin(id);
}

std::vector<int>
ChunkReader::planPins(const std::vector<Box> &boxes, const std::vector<std::uint64_t> &ids,
                      const std::vector<const std::vector<std::size_t> *> &boxLists) const
{
    std::vector<int> pins(ids.size(), 0);
    std::lock_guard lock(m_pinMutex);
    const std::size_t limit = kPinBudgets * m_chunks.budget();
    std::size_t pinned = m_chunks.pinnedBytes();
    for (Pin *pin : m_pins)
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (pin->chunks.contains(ids[i]))
                continue;
            const bool inside =
                std::any_of(boxLists[i]->begin(), boxLists[i]->end(), [&](std::size_t b) {
                    std::int64_t first = 0, last = 0;
                    return partRange(boxes[b], ids[i], first, last) && first <= pin->last &&
                           last >= pin->first;
                });
            if (!inside)
                continue;
            if (pinned + m_chunkBytes > limit) {
                m_pinLimitReached = true;
                continue;
            }
            pinned += m_chunkBytes;
            pin->chunks.insert(ids[i]);
            ++pins[i];
        }
    return pins;
}

void ChunkReader::unplanPins(const std::vector<std::uint64_t> &ids,
                             const std::vector<std::shared_ptr<const DecodedChunk>> &loaded) const
{
    std::lock_guard lock(m_pinMutex);
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (!loaded[i])
            for (Pin *pin : m_pins)
                pin->chunks.erase(ids[i]);
}

} // namespace bufferscope
