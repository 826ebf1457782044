import Crypto
import Foundation

/// Incremental SHA-256, hex-encoded: the fingerprint of an imported file.
public struct SHA256Hasher {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ data: Data) { hasher.update(data: data) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    public func finalizeHex() -> String {
        hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The hex SHA-256 of a whole file, read in blocks.
    public static func file(_ url: URL) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        defer { try? handle.close() }
        var hasher = SHA256Hasher()
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { hasher.update(data) }
        return hasher.finalizeHex()
    }

    /// The fingerprint of a folder input (an unpacked Slack export, a folder of calendar exports): the SHA-256 of
    /// a manifest listing, in byte order of their paths, every file below it (hidden ones left out) as
    /// `<path relative to the folder> NUL <the file's SHA-256> LF`. The same files give the same fingerprint
    /// wherever the folder is; changing, adding, removing or renaming a file changes it.
    public static func folder(_ url: URL) throws -> String {
        let root = url.standardizedFileURL.path
        var paths: [String] = []
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: root) else { throw CocoaError(.fileReadNoSuchFile) }
        while let relative = walker.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                paths.append(relative)
            }
        }
        var manifest = SHA256Hasher()
        for relative in paths.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let digest = try file(URL(fileURLWithPath: root + "/" + relative))
            manifest.update(Data((relative + "\u{0}" + digest + "\n").utf8))
        }
        return manifest.finalizeHex()
    }
}
