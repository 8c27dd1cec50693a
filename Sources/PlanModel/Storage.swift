/// Owns the flat, manually allocated arrays of a compiled model or a workspace, freed together.
/// Runs read and write them through raw pointers: no bounds checks, no reference counting, no allocation.
/// Every block starts on a cache line and fills whole lines, so two threads' workspaces never share one.
final class Storage {
    private var blocks: [UnsafeMutableRawPointer] = []
    private static let line = 64

    private func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(count, 1) * MemoryLayout<T>.stride
        let rounded = (bytes + Storage.line - 1) / Storage.line * Storage.line
        let raw = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: max(Storage.line, MemoryLayout<T>.alignment))
        blocks.append(raw)
        return raw.bindMemory(to: T.self, capacity: max(count, 1))
    }

    func doubles(_ values: [Double]) -> UnsafeMutablePointer<Double> {
        let p = doubles(count: values.count, fill: 0)
        for (i, v) in values.enumerated() { p[i] = v }
        return p
    }

    func doubles(count: Int, fill: Double = 0) -> UnsafeMutablePointer<Double> {
        let p = allocate(Double.self, count: count)
        p.initialize(repeating: fill, count: max(count, 1))
        return p
    }

    /// Zeroed values of a lane type (one or several draws each).
    func lanes<V: Lane>(count: Int) -> UnsafeMutablePointer<V> {
        let p = allocate(V.self, count: count)
        p.initialize(repeating: V(0), count: max(count, 1))
        return p
    }

    func ints(_ values: [Int]) -> UnsafeMutablePointer<Int> {
        let p = allocate(Int.self, count: values.count)
        p.initialize(repeating: 0, count: max(values.count, 1))
        for (i, v) in values.enumerated() { p[i] = v }
        return p
    }

    deinit { for b in blocks { b.deallocate() } }
}
