import Synchronization
#if canImport(Glibc)
import Glibc
#endif

enum System {
    /// The cores online: how many threads the analyses run on.
    static var cores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

/// Set once by any thread to stop the others (Ctrl-C during an analysis).
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}

/// A count that threads take numbers from in turn (the next chunk of draws).
final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
