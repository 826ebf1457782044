/// SplitMix64: expands one 64-bit seed into well-mixed words (used to seed `SampleRandom`).
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** with helpers that use only integer and exact floating-point arithmetic (no `log`, `exp`,
/// `sin`), so the same seed gives the same numbers on every platform.
struct SampleRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator for one independent stream of a seed (files and sections use different streams, so adding
    /// a row to one file does not shift another).
    init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    private static func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    mutating func next() -> UInt64 {
        let result = Self.rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotate(s3, 45)
        return result
    }

    /// Uniform in 0..<bound (0 when bound ≤ 0).
    mutating func int(below bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in the closed range.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in lower..<upper for instants and durations (lower when the range is empty).
    mutating func int64(_ lower: Int64, _ upper: Int64) -> Int64 {
        guard upper > lower else { return lower }
        return lower + Int64(next().multipliedFullWidth(by: UInt64(upper - lower)).high)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability p.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One element of a non-empty array.
    mutating func pick<T>(_ values: [T]) -> T { values[int(below: values.count)] }

    /// An index drawn with the given non-negative weights (the last index when they are all zero).
    mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for weight in weights { total += weight }
        var target = unit() * total
        for (index, weight) in weights.enumerated() {
            if target < weight { return index }
            target -= weight
        }
        return weights.count - 1
    }

    /// A count whose mean is `mean`: the integer part plus one with probability the fraction, then spread by
    /// ±`spread` of the mean (uniform). Cheaper and platform-exact compared with a Poisson draw.
    mutating func count(mean: Double, spread: Double = 0.3) -> Int {
        guard mean > 0 else { return 0 }
        let jittered = mean * (1 - spread + 2 * spread * unit())
        let whole = jittered.rounded(.down)
        return Int(whole) + (chance(jittered - whole) ? 1 : 0)
    }

    /// A value drawn from a piecewise-linear inverse distribution: `quantiles` are the values at the evenly
    /// spaced fractions 0, 1/(n−1), …, 1.
    mutating func quantile(_ quantiles: [Double]) -> Double {
        guard quantiles.count > 1 else { return quantiles.first ?? 0 }
        let position = unit() * Double(quantiles.count - 1)
        let lower = Int(position)
        let fraction = position - Double(lower)
        return quantiles[lower] + fraction * (quantiles[lower + 1] - quantiles[lower])
    }

    /// Fisher-Yates shuffle of a copy.
    mutating func shuffled<T>(_ values: [T]) -> [T] {
        var result = values
        var index = result.count - 1
        while index > 0 {
            result.swapAt(index, int(below: index + 1))
            index -= 1
        }
        return result
    }
}
