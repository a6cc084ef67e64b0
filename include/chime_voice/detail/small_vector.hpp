// SPDX-License-Identifier: BSL-1.0
// chime_voice/detail/small_vector.hpp — containers with inline storage.
//
// Not public API. The signer keeps its working sets (header views, query
// parameters, path segments) on the stack for the usual handful of elements
// and spills to the heap only beyond that, so signing a typical request
// allocates nothing.
#ifndef CHIME_VOICE_DETAIL_SMALL_VECTOR_HPP
#define CHIME_VOICE_DETAIL_SMALL_VECTOR_HPP

#include <cstddef>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace chime_voice::detail {

/// A vector of trivially copyable T with inline storage for N elements;
/// spills to the heap beyond. push_back may throw std::bad_alloc once spilled.
/// The inline storage is left uninitialized (a union member): zeroing it
/// cost the signer ~2 KiB of stores per signature for elements it never read.
template <class T, std::size_t N>
class small_vector {
    static_assert(std::is_trivially_copyable_v<T>);

public:
    small_vector() noexcept {}
    small_vector(const small_vector& o) : heap_(o.heap_), size_(o.size_) {
        if (size_ <= N) std::memcpy(static_cast<void*>(inline_), o.inline_, size_ * sizeof(T));
    }
    small_vector& operator=(const small_vector& o) {
        if (this != &o) {
            heap_ = o.heap_;
            size_ = o.size_;
            if (size_ <= N) std::memcpy(static_cast<void*>(inline_), o.inline_, size_ * sizeof(T));
        }
        return *this;
    }
    ~small_vector() = default;
    /// Inlined, so a temporary argument can be stored field by field where
    /// it goes (see emplace_back()).
    [[gnu::always_inline]] void push_back(const T& v) {
        if (size_ < N) [[likely]] {
            inline_[size_++] = v;
            return;
        }
        push_back_spilled(v);
    }
    /// Appends an element with indeterminate fields and returns it, for the
    /// caller to assign field by field. Copying a whole element from a
    /// temporary compiles to 16-byte loads of the temporary's 8-byte
    /// stores, which the CPU cannot forward: a stall per element (a sixth
    /// of the signer's header handling before this existed).
    [[gnu::always_inline]] T& emplace_back() {
        if (size_ < N) [[likely]]
            return inline_[size_++];
        push_back_spilled(T{});
        return heap_.back();
    }
    T* data() noexcept { return size_ <= N ? inline_ : heap_.data(); }
    const T* data() const noexcept { return size_ <= N ? inline_ : heap_.data(); }
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    T& operator[](std::size_t i) noexcept { return data()[i]; }
    const T& operator[](std::size_t i) const noexcept { return data()[i]; }
    T* begin() noexcept { return data(); }
    T* end() noexcept { return data() + size_; }
    const T* begin() const noexcept { return data(); }
    const T* end() const noexcept { return data() + size_; }
    T& back() noexcept { return data()[size_ - 1]; }
    /// Back to inline storage when the size falls to N, so the heap is in use
    /// exactly while size() > N (a later spill copies the current elements).
    void pop_back() noexcept {
        if (size_ > N) {
            heap_.pop_back();
            if (--size_ == N) {
                std::memcpy(static_cast<void*>(inline_), heap_.data(), N * sizeof(T));
                heap_.clear();
            }
            return;
        }
        --size_;
    }

private:
    [[gnu::noinline]] void push_back_spilled(const T& v) {
        if (size_ == N) heap_.assign(inline_, inline_ + N); // spill: the heap holds every element from now on
        heap_.push_back(v);
        ++size_;
    }

    union {
        T inline_[N];
    };
    std::vector<T> heap_;
    std::size_t size_ = 0;
};

/// A char buffer of a size fixed at construction, inline up to N bytes.
template <std::size_t N>
class char_buffer {
public:
    explicit char_buffer(std::size_t n) {
        if (n > N) heap_.resize(n);
    }
    char_buffer(const char_buffer&) = delete;
    char_buffer& operator=(const char_buffer&) = delete;
    char* data() noexcept { return heap_.empty() ? inline_ : heap_.data(); }

private:
    char inline_[N];
    std::string heap_;
};

} // namespace chime_voice::detail

#endif
