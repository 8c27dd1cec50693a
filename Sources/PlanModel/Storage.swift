/// Owns the flat, manually allocated arrays of a compiled model or a workspace, freed together.
/// Runs read and write them through raw pointers: no bounds checks, no reference counting, no allocation.
final class Storage {
    private var blocks: [UnsafeMutableRawPointer] = []

    func doubles(_ values: [Double]) -> UnsafeMutablePointer<Double> {
        let p = doubles(count: values.count, fill: 0)
        for (i, v) in values.enumerated() { p[i] = v }
        return p
    }

    func doubles(count: Int, fill: Double = 0) -> UnsafeMutablePointer<Double> {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
        p.initialize(repeating: fill, count: max(count, 1))
        blocks.append(UnsafeMutableRawPointer(p))
        return p
    }

    func ints(_ values: [Int]) -> UnsafeMutablePointer<Int> {
        let p = UnsafeMutablePointer<Int>.allocate(capacity: max(values.count, 1))
        p.initialize(repeating: 0, count: max(values.count, 1))
        for (i, v) in values.enumerated() { p[i] = v }
        blocks.append(UnsafeMutableRawPointer(p))
        return p
    }

    deinit { for b in blocks { b.deallocate() } }
}
