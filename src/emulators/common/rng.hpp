#pragma once

#include <cstdint>
#include <initializer_list>

// Every generated field is a pure function of (seed, record kind, index, salt): no generator
// state, so record i can be built without building records 0..i-1.
namespace sb::emulators::common {

inline std::uint64_t mix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

inline std::uint64_t hash_of(std::initializer_list<std::uint64_t> parts) {
    std::uint64_t h = 0x51ed270b27a1c4d3ULL;
    for (auto p : parts)
        h = mix64(h ^ p);
    return h;
}

// A tiny deterministic stream for one record: seeded from the record's hash.
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() { return state_ = mix64(state_); }
    // Uniform in [0, n).
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
    std::int64_t between(std::int64_t lo, std::int64_t hi) {  // inclusive
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
    }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
    template <class T, std::size_t N>
    const T& pick(const T (&items)[N]) {
        return items[below(N)];
    }

  private:
    std::uint64_t state_;
};

}  // namespace sb::emulators::common
