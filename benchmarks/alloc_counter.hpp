// SPDX-License-Identifier: BSL-1.0
// benchmarks/alloc_counter.hpp — counts heap allocations in a benchmark binary.
//
// Replaces the global allocation functions (all the throwing, nothrow and
// aligned forms of operator new, and every operator delete) with ones that
// forward to malloc/aligned_alloc/free and bump a counter. Include this header
// in exactly ONE translation unit of a program: replacement allocation
// functions must not be inline, so a second inclusion is a link error.
//
// The counter is a relaxed atomic: exact for the single-threaded benchmarks,
// still correct (if slower) should a benchmark ever run threads.
#ifndef CHIME_VOICE_BENCH_ALLOC_COUNTER_HPP
#define CHIME_VOICE_BENCH_ALLOC_COUNTER_HPP

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace bench {

inline std::atomic<std::uint64_t> allocation_count{0};

/// Number of successful allocations since the program started.
inline std::uint64_t allocations() noexcept { return allocation_count.load(std::memory_order_relaxed); }

namespace alloc_impl {
inline void* allocate(std::size_t n) noexcept {
    void* p = std::malloc(n == 0 ? 1 : n);
    if (p) allocation_count.fetch_add(1, std::memory_order_relaxed);
    return p;
}
inline void* allocate_aligned(std::size_t n, std::align_val_t al) noexcept {
    auto a = static_cast<std::size_t>(al);
    if (a < sizeof(void*)) a = sizeof(void*);
    // aligned_alloc wants a size that is a multiple of the alignment.
    const std::size_t rounded = ((n == 0 ? 1 : n) + a - 1) / a * a;
    void* p = std::aligned_alloc(a, rounded);
    if (p) allocation_count.fetch_add(1, std::memory_order_relaxed);
    return p;
}
/// Out of line so GCC does not pair an inlined free() with the caller's
/// `new` expression and warn (-Wmismatched-new-delete).
[[gnu::noinline]] inline void release(void* p) noexcept { std::free(p); }
} // namespace alloc_impl
} // namespace bench

// GCC 12 sees `new` inside a replacement operator new as possible recursion.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winfinite-recursion"
#endif

void* operator new(std::size_t n) {
    if (void* p = bench::alloc_impl::allocate(n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    if (void* p = bench::alloc_impl::allocate(n)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return bench::alloc_impl::allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return bench::alloc_impl::allocate(n); }
void* operator new(std::size_t n, std::align_val_t a) {
    if (void* p = bench::alloc_impl::allocate_aligned(n, a)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) {
    if (void* p = bench::alloc_impl::allocate_aligned(n, a)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    return bench::alloc_impl::allocate_aligned(n, a);
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    return bench::alloc_impl::allocate_aligned(n, a);
}
void operator delete(void* p) noexcept { bench::alloc_impl::release(p); }
void operator delete[](void* p) noexcept { bench::alloc_impl::release(p); }
void operator delete(void* p, std::size_t) noexcept { bench::alloc_impl::release(p); }
void operator delete[](void* p, std::size_t) noexcept { bench::alloc_impl::release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { bench::alloc_impl::release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { bench::alloc_impl::release(p); }
void operator delete(void* p, std::align_val_t) noexcept { bench::alloc_impl::release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { bench::alloc_impl::release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { bench::alloc_impl::release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { bench::alloc_impl::release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { bench::alloc_impl::release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { bench::alloc_impl::release(p); }

#endif
