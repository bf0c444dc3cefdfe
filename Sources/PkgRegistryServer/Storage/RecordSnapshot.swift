// Readers get a record together with a generation number, so caches of what is derived from a
// record (encoded packuments, tarball listings) can tell in O(1) whether they are still current,
// without comparing packuments. Generations are unique within the process: a record read again
// after any change, from any writer, gets a new one.
import Synchronization

/// A package record as read at one moment.
struct RecordSnapshot: Sendable {
    let record: PackageRecord
    /// Changes whenever the stored record may have changed; equal generations mean equal records.
    let generation: UInt64

    init(record: PackageRecord, generation: UInt64 = RecordGeneration.next()) {
        self.record = record
        self.generation = generation
    }
}

/// The process-wide source of record generations.
enum RecordGeneration {
    private static let counter = Atomic<UInt64>(0)

    /// A generation never handed out before in this process.
    static func next() -> UInt64 {
        counter.wrappingAdd(1, ordering: .relaxed).newValue
    }
}
