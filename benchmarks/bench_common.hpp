// SPDX-License-Identifier: BSL-1.0
// benchmarks/bench_common.hpp — shared helpers of the benchmark binaries.
//
// * paired(): runs our operation and the OpenSSL reference in alternating
//   batches inside ONE benchmark function, so both see the same machine
//   state (other processes on a shared CPU, frequency changes). Both are
//   timed in thread CPU time. The reported time is ours per operation
//   (manual time); the counters are
//     ref_ns           — the reference's time per operation,
//     ratio_vs_openssl — our total time / the reference's total time,
//     allocs_per_op    — heap allocations per operation of OUR code only.
//   One framework iteration stands for one of our operations: the work runs
//   in batches (one batch every `batch` iterations) and each iteration is
//   credited its batch's average, so Time is ours per operation and the
//   iteration count is the number of operations. (The CPU column of these
//   benchmarks includes the reference and the setup; ignore it.)
//   Setup work (e.g. building fresh unsigned requests with serialize_request) runs
//   before each batch's clock starts, so it is never timed.
// * counted(): a plain loop with allocs_per_op.
// * with_stats(): adds min and max to the mean/median/stddev that Google
//   Benchmark computes over --benchmark_repetitions.
//
// Each benchmark binary is a single translation unit that includes this
// header once (it pulls in alloc_counter.hpp).
#ifndef CHIME_VOICE_BENCH_COMMON_HPP
#define CHIME_VOICE_BENCH_COMMON_HPP

#include "alloc_counter.hpp" // replaces operator new: one translation unit per binary

#include <benchmark/benchmark.h>

#include <algorithm>
#include <ctime>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bench {

inline double stat_min(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::min_element(v.begin(), v.end()); }
inline double stat_max(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); }

inline benchmark::internal::Benchmark* with_stats(benchmark::internal::Benchmark* b) {
    return b->ComputeStatistics("min", stat_min)->ComputeStatistics("max", stat_max);
}

/// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), in ns. On a
/// shared, oversubscribed machine wall time also counts the time another
/// process held the core; thread CPU time does not. A call costs a few
/// hundred ns (a system call), so batches are sized to take tens of µs.
inline double thread_cpu_ns() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

/// Alternating batches of `batch` operations: setup_ours(); time ours(i) for
/// i < batch; setup_ref(); time ref(i) for i < batch. See the header comment.
template <class SetupOurs, class Ours, class SetupRef, class Ref>
void paired(benchmark::State& state, std::size_t batch, SetupOurs&& setup_ours, Ours&& ours,
            SetupRef&& setup_ref, Ref&& ref) {
    double ours_ns = 0, ref_ns = 0, per_op_s = 0;
    std::uint64_t allocs = 0, ops = 0;
    std::size_t left = 0; // operations of the last batch not yet handed to the framework
    for (auto _ : state) {
        if (left == 0) {
            setup_ours();
            const std::uint64_t a0 = allocations();
            const double t0 = thread_cpu_ns();
            for (std::size_t i = 0; i < batch; ++i) ours(i);
            const double t1 = thread_cpu_ns();
            allocs += allocations() - a0;
            setup_ref();
            const double t2 = thread_cpu_ns();
            for (std::size_t i = 0; i < batch; ++i) ref(i);
            const double t3 = thread_cpu_ns();
            const double o = t1 - t0, r = t3 - t2;
            ours_ns += o;
            ref_ns += r;
            ops += batch;
            per_op_s = o * 1e-9 / static_cast<double>(batch);
            left = batch;
        }
        --left;
        state.SetIterationTime(per_op_s); // one framework iteration = one of our operations
    }
    if (ops == 0) return;
    state.counters["ref_ns"] = ref_ns / static_cast<double>(ops);
    state.counters["ratio_vs_openssl"] = ref_ns > 0 ? ours_ns / ref_ns : 0.0;
    state.counters["allocs_per_op"] = static_cast<double>(allocs) / static_cast<double>(ops);
}

/// Plain loop with the allocation counter: allocs_per_op counts everything
/// `op` allocates (and frees) per call.
template <class Op>
void counted(benchmark::State& state, Op&& op) {
    const std::uint64_t a0 = allocations();
    for (auto _ : state) op();
    const std::uint64_t a1 = allocations();
    if (state.iterations() != 0)
        state.counters["allocs_per_op"] =
            static_cast<double>(a1 - a0) / static_cast<double>(state.iterations());
}

} // namespace bench

#endif
