import MaturityCore
import MaturityMetrics
import Testing

/// A chat message `id` of `author` in channel `channel` (indexes into the dataset's channels and people), sent at
/// an ISO 8601 timestamp read by `instant(_:)`; `system` marks a system message.
public func message(_ id: String, _ channel: Int32, _ author: PersonIndex, _ at: String, system: Bool = false,
                    sourceLocation: SourceLocation = #_sourceLocation) -> DatasetMessage {
    DatasetMessage(channel: channel, messageId: id, author: author, sentAt: instant(at, sourceLocation: sourceLocation),
                   isSystem: system)
}
