import Foundation
import MaturityCore

/// Runs an importer on two cores: the producer (reading, parsing, checking and computing the features of
/// every row) on a thread of its own, the sink (resolving people and writing SQLite) on the calling thread,
/// which owns the store's connection. A bounded queue of batches between them keeps memory flat.
///
/// The sink sees exactly the calls, in exactly the order, a single-threaded import makes, so results,
/// warnings, skip counts and the first error are the same. When the sink fails, the producer is stopped
/// and waited for before the error is thrown; when the producer fails, the rows before its error are
/// applied first (one of them may fail earlier, as it would have single-threaded).
enum ImportPipeline {
    /// Rows per batch handed from the producer to the sink.
    static let batchSize = 512
    /// Batches in flight at most.
    static let capacity = 16

    static func run(into sink: RecordSink,
                    producer: @escaping (RecordSink) throws -> (records: Int, sha256: String)) throws
        -> (records: Int, sha256: String)
    {
        let channel = BatchChannel(capacity: capacity)
        let batches = sink is MessageBatchSink
        let work = UncheckedSendable(producer)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            let forwarding = batches ? BatchForwardingSink(channel: channel) : ForwardingSink(channel: channel)
            let result: Result<(records: Int, sha256: String), Error>
            do {
                let value = try work.value(forwarding)
                try forwarding.flush()
                result = .success(value)
            } catch {
                // The calls made before the error still reach the sink, before the error does.
                try? forwarding.flush()
                result = .failure(error)
            }
            channel.finish(result)
            finished.signal()
        }
        thread.name = "maturity-import-reader"
        thread.stackSize = 8 << 20
        thread.start()
        defer { finished.wait() }
        while true {
            switch channel.receive() {
            case .batch(let operations):
                do {
                    for operation in operations { try operation.apply(to: sink) }
                } catch {
                    channel.cancel()
                    throw error
                }
            case .end(let result):
                return try result.get()
            }
        }
    }
}

/// One call of the `RecordSink` protocol, recorded to be replayed on the sink's thread.
enum SinkOperation {
    case person(PersonRecord)
    case message(MessageRecord)
    case workItem(WorkItemRecord)
    case workItemEvent(WorkItemEventRecord)
    case meeting(MeetingRecord)
    case attendance(AttendanceRecord)
    case timeOff(TimeOffRecord)
    case holiday(HolidayRecord)
    case messages(MessageBatch)
    case warning(ImportWarning)
    case skip(String)
    case note(String)

    func apply(to sink: RecordSink) throws {
        switch self {
        case .person(let record): try sink.add(record)
        case .message(let record): try sink.add(record)
        case .workItem(let record): try sink.add(record)
        case .workItemEvent(let record): try sink.add(record)
        case .meeting(let record): try sink.add(record)
        case .attendance(let record): try sink.add(record)
        case .timeOff(let record): try sink.add(record)
        case .holiday(let record): try sink.add(record)
        case .messages(let batch):
            if let sink = sink as? MessageBatchSink {
                try sink.add(batch)
            } else {
                for index in 0..<batch.count { try sink.add(batch.record(at: index)) }
            }
        case .warning(let warning): sink.warn(warning)
        case .skip(let reason): sink.skip(reason: reason)
        case .note(let text): sink.note(text)
        }
    }
}

/// The producer's sink: records every call into batches for the real sink.
class ForwardingSink: RecordSink {
    private let channel: BatchChannel
    private var batch: [SinkOperation] = []

    init(channel: BatchChannel) {
        self.channel = channel
        batch.reserveCapacity(ImportPipeline.batchSize)
    }

    func add(_ person: PersonRecord) throws { try push(.person(person)) }
    func add(_ message: MessageRecord) throws { try push(.message(message)) }
    func add(_ item: WorkItemRecord) throws { try push(.workItem(item)) }
    func add(_ event: WorkItemEventRecord) throws { try push(.workItemEvent(event)) }
    func add(_ meeting: MeetingRecord) throws { try push(.meeting(meeting)) }
    func add(_ attendance: AttendanceRecord) throws { try push(.attendance(attendance)) }
    func add(_ timeOff: TimeOffRecord) throws { try push(.timeOff(timeOff)) }
    func add(_ holiday: HolidayRecord) throws { try push(.holiday(holiday)) }
    // Warnings and skips cannot throw: they wait in the batch; a stopped pipeline shows at the next `add`.
    func warn(_ warning: ImportWarning) { batch.append(.warning(warning)) }
    func skip(reason: String) { batch.append(.skip(reason)) }
    func note(_ text: String) { batch.append(.note(text)) }

    fileprivate func push(_ operation: SinkOperation) throws {
        batch.append(operation)
        if batch.count >= ImportPipeline.batchSize { try flush() }
    }

    /// Hands the pending operations to the sink's thread (waiting while the queue is full).
    func flush() throws {
        guard !batch.isEmpty else { return }
        let full = batch
        batch = []
        batch.reserveCapacity(ImportPipeline.batchSize)
        try channel.send(full)
    }
}

/// The producer's sink when the real sink takes message batches: a batch is handed over as it is.
final class BatchForwardingSink: ForwardingSink, MessageBatchSink {
    func add(_ batch: consuming MessageBatch) throws {
        try push(.messages(batch))
        try flush()
    }
}

/// The bounded queue between the two threads.
final class BatchChannel: @unchecked Sendable {
    enum Event {
        case batch([SinkOperation])
        case end(Result<(records: Int, sha256: String), Error>)
    }

    /// Thrown on the producer's thread once the sink has failed.
    struct Stopped: Error {}

    private let condition = NSCondition()
    private let capacity: Int
    private var batches: [[SinkOperation]] = []
    private var head = 0
    private var result: Result<(records: Int, sha256: String), Error>?
    private var stopped = false

    init(capacity: Int) { self.capacity = capacity }

    func send(_ batch: [SinkOperation]) throws {
        condition.lock()
        defer { condition.unlock() }
        while batches.count - head >= capacity && !stopped { condition.wait() }
        if stopped { throw Stopped() }
        batches.append(batch)
        condition.broadcast()
    }

    func finish(_ result: Result<(records: Int, sha256: String), Error>) {
        condition.lock()
        self.result = result
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or the producer's result once every batch has been received.
    func receive() -> Event {
        condition.lock()
        defer { condition.unlock() }
        while head == batches.count && result == nil { condition.wait() }
        if head < batches.count {
            let batch = batches[head]
            batches[head] = []
            head += 1
            if head >= 64 {
                batches.removeFirst(head)
                head = 0
            }
            condition.broadcast()
            return .batch(batch)
        }
        return .end(result ?? .failure(Stopped()))
    }

    /// Stops the producer (its next `send` throws) and drops what it has queued.
    func cancel() {
        condition.lock()
        stopped = true
        batches = []
        head = 0
        condition.broadcast()
        condition.unlock()
    }
}

/// A value handed to the producer's thread; only that thread uses it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
