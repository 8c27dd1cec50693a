#if canImport(Glibc)
import Glibc
#endif

/// Memory for megabytes of values written once per run (Monte Carlo's kept draws): mapped directly and, on
/// Linux, marked for transparent huge pages, so that a fresh process's first run takes a few 2 MB page faults
/// rather than thousands of 4 KB ones (each zeroed and charged on first touch). Freed with the buffer.
final class LargeBuffer<Element>: @unchecked Sendable {
    let start: UnsafeMutablePointer<Element>
    let count: Int
    private let mapped: Int

    init(count: Int) {
        self.count = count
        let bytes = count * MemoryLayout<Element>.stride
        #if canImport(Glibc)
        if bytes >= LargeBuffer.hugePage {
            // A whole number of huge pages, aligned to one, so the kernel can back it with them from the start.
            let length = (bytes + LargeBuffer.hugePage - 1) / LargeBuffer.hugePage * LargeBuffer.hugePage
            let reserved = length + LargeBuffer.hugePage
            if let raw = mmap(nil, reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), raw != MAP_FAILED {
                let address = UInt(bitPattern: raw), aligned = (address + UInt(LargeBuffer.hugePage - 1)) & ~UInt(LargeBuffer.hugePage - 1)
                let head = Int(aligned - address), tail = reserved - head - length
                if head > 0 { munmap(raw, head) }
                if tail > 0 { munmap(UnsafeMutableRawPointer(bitPattern: aligned + UInt(length)), tail) }
                let base = UnsafeMutableRawPointer(bitPattern: aligned)!
                _ = madvise(base, length, MADV_HUGEPAGE)
                start = base.bindMemory(to: Element.self, capacity: count)
                mapped = length
                return
            }
        }
        #endif
        start = .allocate(capacity: count)
        mapped = 0
    }

    deinit {
        #if canImport(Glibc)
        if mapped > 0 { munmap(UnsafeMutableRawPointer(start), mapped); return }
        #endif
        start.deallocate()
    }

    private static var hugePage: Int { 2 << 20 }
}
