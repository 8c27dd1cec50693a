import CLane

/// Exact quantiles by bucket selection. Type 7 (linear interpolation between the order statistics k and
/// k + 1, k = ⌊(n − 1)·q⌋) needs only a few order statistics of each series: count the values per bucket,
/// find the buckets those ranks fall in, and sort just the values of those buckets. The values can come
/// from memory or from a second pass over draws that are recomputed exactly (Monte Carlo's generator is
/// counter-based), so memory need not grow with the number of values.
public enum Quantiles {
    /// The ranks (0-based order statistics) that the quantiles `qs` of n values need, ascending.
    static func ranks(n: Int, _ qs: [Double]) -> [Int] {
        var out: [Int] = []
        for q in qs {
            let h = Double(n - 1) * q, k = Int(h.rounded(.down))
            out.append(k)
            if k + 1 < n, h > Double(k) { out.append(k + 1) }
        }
        out.sort()
        var unique: [Int] = []
        for r in out where unique.last != r { unique.append(r) }
        return unique
    }

    /// The q-quantile of n values, given their order statistics.
    static func value(n: Int, _ q: Double, _ stat: (Int) -> Double) -> Double {
        guard n > 0 else { return .nan }
        let h = Double(n - 1) * q, k = Int(h.rounded(.down))
        let kth = stat(k)
        guard k + 1 < n, h > Double(k) else { return kth }
        return kth + (h - Double(k)) * (stat(k + 1) - kth)
    }

    /// The quantiles of the values in memory (reorders nothing).
    public static func of(_ values: UnsafeBufferPointer<Double>, _ qs: [Double]) -> [Double] {
        guard !values.isEmpty else { return qs.map { _ in .nan } }
        var lo = Double.infinity, hi = -Double.infinity
        for v in values { lo = min(lo, v); hi = max(hi, v) }
        let index = UnsafeMutablePointer<UInt16>.allocate(capacity: values.count)
        defer { index.deallocate() }
        var counts: [Int] = []
        return select(values, Buckets(lo: lo, hi: hi), qs, counts: &counts, index: index)
    }

    /// The quantiles of values all in memory whose smallest and largest are `buckets`' limits; `index` has
    /// room for one bucket number a value.
    /// `ranks`, when given, are `ranks(n: values.count, qs)`; `counts` is where the values are counted per
    /// bucket, kept by the caller between calls (Monte Carlo selects 80 series a statement, each thread
    /// counting in its own).
    static func select(_ values: UnsafeBufferPointer<Double>, _ buckets: Buckets, _ qs: [Double], ranks given: [Int]? = nil,
                       counts reused: inout [Int], index: UnsafeMutablePointer<UInt16>) -> [Double] {
        // Every value the same (the first year, a metric nothing uncertain moves): nothing to select.
        if !(buckets.hi > buckets.lo) { return qs.map { _ in buckets.lo } }
        if reused.count != Buckets.count {
            reused = [Int](repeating: 0, count: Buckets.count)
        } else {
            reused.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        buckets.count(values, into: &reused, index: index)
        let located = Located(buckets, reused, given ?? ranks(n: values.count, qs))
        var held = located.targets.map { _ in [Double]() }
        located.collect(values, index: index, into: &held)
        return located.quantiles(n: values.count, qs, held)
    }
}

/// `Buckets.uniform` equal buckets between the smallest and largest values seen (lo and hi), with lo and hi
/// each in a bucket of its own (a clamped metric piles up there, and a bucket of one value needs no
/// sorting), and one bucket each for values below lo and above hi.
struct Buckets {
    static let uniform = 2048
    static let count = uniform + 4
    let lo: Double, hi: Double, scale: Double

    /// Zero is taken as +0, so the limits do not depend on the order the values came in.
    init(lo: Double, hi: Double) {
        self.lo = lo == 0 ? 0 : lo; self.hi = hi == 0 ? 0 : hi
        scale = hi > lo ? Double(Buckets.uniform) / (hi - lo) : 0
    }

    /// Counts the values per bucket, and notes each value's bucket in `index`. Eight values at a time where
    /// all eight lie strictly between lo and hi (their buckets computed in one go, as `index` computes each).
    func count(_ values: UnsafeBufferPointer<Double>, into counts: inout [Int], index: UnsafeMutablePointer<UInt16>) {
        counts.withUnsafeMutableBufferPointer { c in
            let n = values.count, raw = UnsafeRawPointer(values.baseAddress!)
            let lo8 = SIMD8<Double>(repeating: lo), hi8 = SIMD8<Double>(repeating: hi), scale8 = SIMD8<Double>(repeating: scale)
            var i = 0
            while i + 8 <= n {
                let v = raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
                if all((v .> lo8) .& (v .< hi8)) {
                    let b = hwe_bucket8((v - lo8) * scale8, Double(Buckets.uniform - 1))
                    for l in 0..<8 {
                        let bucket = 2 &+ Int(b[l])
                        index[i &+ l] = UInt16(truncatingIfNeeded: bucket)
                        c[bucket] &+= 1
                    }
                } else {
                    for l in i..<(i + 8) { note(values[l], at: l) }
                }
                i += 8
            }
            while i < n { note(values[i], at: i); i += 1 }
            @inline(__always) func note(_ v: Double, at i: Int) {
                let b = self.index(v)
                index[i] = UInt16(truncatingIfNeeded: b)
                c[b] += 1
            }
        }
    }

    /// 0: below lo (or not a number); 1: lo; 2 ..< uniform + 2: between; uniform + 2: hi; uniform + 3: above hi.
    @inline(__always)
    func index(_ v: Double) -> Int {
        if !(v > lo) { return v == lo ? 1 : 0 }
        if !(v < hi) { return v == hi ? Buckets.uniform + 2 : Buckets.uniform + 3 }
        let x = (v - lo) * scale
        return 2 + (x < Double(Buckets.uniform) ? Int(x) : Buckets.uniform - 1)
    }

    /// The one value a bucket can hold, for lo's and hi's buckets.
    func only(_ bucket: Int) -> Double? { bucket == 1 ? lo : bucket == Buckets.uniform + 2 ? hi : nil }
}

/// Where a series' needed ranks fall: for each rank its bucket and how many values lie in earlier buckets.
struct Located {
    let buckets: Buckets
    /// The buckets whose values must be sorted (not lo's or hi's), ascending.
    let targets: [Int]
    /// The needed ranks, ascending; for each, its bucket and how many values lie in earlier buckets.
    let ranks: [Int], rankBucket: [Int], rankBelow: [Int]

    init(_ buckets: Buckets, _ counts: [Int], _ ranks: [Int]) {
        self.buckets = buckets
        var rankBucket: [Int] = [], rankBelow: [Int] = [], targets: [Int] = []
        counts.withUnsafeBufferPointer { c in
            var below = 0, b = 0
            for r in ranks {
                // Eight buckets at a time while the rank lies beyond them all, then one at a time.
                let raw = UnsafeRawPointer(c.baseAddress!)
                while b + 8 <= c.count {
                    let group = raw.loadUnaligned(fromByteOffset: b * MemoryLayout<Int>.stride, as: SIMD8<Int>.self).wrappedSum()
                    if below + group > r { break }
                    below += group; b += 8
                }
                while below + c[b] <= r { below += c[b]; b += 1 }
                rankBucket.append(b); rankBelow.append(below)
                if buckets.only(b) == nil, targets.last != b { targets.append(b) }
            }
        }
        self.ranks = ranks; self.rankBucket = rankBucket; self.rankBelow = rankBelow
        self.targets = targets
    }

    /// The slot (index into `targets`) of the bucket a value falls in, or nil when no needed rank is there.
    @inline(__always)
    func slot(of v: Double) -> Int? {
        let b = buckets.index(v)
        for (i, t) in targets.enumerated() where t == b { return i }
        return nil
    }

    /// Adds the values that fall in the target buckets to `held` (one array per target), given each one's bucket.
    /// Few values do: sixteen values' buckets at a time are compared with the targets, and only a group with
    /// a match is looked at value by value.
    func collect(_ values: UnsafeBufferPointer<Double>, index: UnsafePointer<UInt16>, into held: inout [[Double]]) {
        guard !targets.isEmpty else { return }
        var slot = [UInt8](repeating: .max, count: Buckets.count)
        for (i, t) in targets.enumerated() { slot[t] = UInt8(i) }
        // The targets in sixteen lanes each, the first repeated to fill three (the most three quantiles'
        // order statistics usually need; more are compared by the slot table alone).
        let first = SIMD16<UInt16>(repeating: UInt16(targets[0]))
        let second = SIMD16<UInt16>(repeating: UInt16(targets[min(1, targets.count - 1)]))
        let third = SIMD16<UInt16>(repeating: UInt16(targets[min(2, targets.count - 1)]))
        let raw = UnsafeRawPointer(index), few = targets.count <= 3
        slot.withUnsafeBufferPointer { slot in
            var k = 0
            @inline(__always) func take(_ k: Int) {
                let i = slot[Int(index[k])]
                if i != .max { held[Int(i)].append(values[k]) }
            }
            while k + 16 <= values.count {
                let b = raw.loadUnaligned(fromByteOffset: k * 2, as: SIMD16<UInt16>.self)
                if !few || any((b .== first) .| (b .== second) .| (b .== third)) { for l in k..<(k + 16) { take(l) } }
                k += 16
            }
            while k < values.count { take(k); k += 1 }
        }
    }

    /// The quantiles, from every value of each target bucket.
    func quantiles(n: Int, _ qs: [Double], _ held: [[Double]]) -> [Double] {
        let sorted = held.map { $0.sorted() }
        return qs.map { q in
            Quantiles.value(n: n, q) { r in
                let i = ranks.firstIndex(of: r)!, b = rankBucket[i], below = rankBelow[i]
                if let v = buckets.only(b) { return v }
                return sorted[targets.firstIndex(of: b)!][r - below]
            }
        }
    }
}
