import Foundation
import MaturityCore
import ZIPFoundation

/// The files of a Slack workspace export, read from its ZIP archive (entries decompressed one at a time, never
/// unpacked to disk) or from the unpacked folder. Paths are relative to the export's root: the folder holding
/// `users.json` / `channels.json`, which a ZIP may nest one folder down (`export/users.json`); in a folder they are
/// at its top.
final class SlackExportFiles {
    let url: URL
    private let archive: Archive?
    /// Root-relative path to the archive entry (ZIP) or the file (folder).
    private var entries: [String: Entry] = [:]
    private var files: [String: URL] = [:]
    /// The root inside the archive or folder, with a trailing `/` (empty at the top).
    private(set) var root = ""

    /// The file names the recogniser and the importer look for at the root.
    static let metadataFiles = ["users.json", "channels.json", "groups.json", "dms.json", "mpims.json"]

    init(url: URL, isDirectory: Bool) throws {
        self.url = url
        if isDirectory {
            archive = nil
            try listFolder()
        } else {
            do {
                archive = try Archive(url: url, accessMode: .read, pathEncoding: nil)
            } catch {
                throw ImportError(file: url.path, line: nil, column: nil,
                                  message: "cannot open the ZIP archive (\(error))",
                                  fix: "check that the file is a complete Slack export ZIP, or unpack it and import the folder")
            }
            listArchive()
        }
    }

    private func listArchive() {
        guard let archive else { return }
        var all: [String: Entry] = [:]
        for entry in archive where entry.type == .file {
            all[entry.path] = entry
        }
        root = Self.root(of: all.keys)
        for (path, entry) in all where path.hasPrefix(root) {
            entries[String(path.dropFirst(root.count))] = entry
        }
    }

    private func listFolder() throws {
        let manager = FileManager.default
        func list(_ relative: String) -> [String] {
            let folder = relative.isEmpty ? url : url.appendingPathComponent(relative)
            return ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }
        }
        // A folder is an export when the metadata files are at its top (a folder that holds an export folder is
        // a folder of inputs, imported one by one).
        let top = list("")
        let base = root.isEmpty ? url : url.appendingPathComponent(String(root.dropLast()))
        for name in top {
            let item = base.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: item.path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                let inner = ((try? manager.contentsOfDirectory(atPath: item.path)) ?? []).filter { !$0.hasPrefix(".") }
                for file in inner { files[name + "/" + file] = item.appendingPathComponent(file) }
            } else {
                files[name] = item
            }
        }
    }

    /// The shortest directory prefix holding one of the metadata files.
    static func root(of paths: some Sequence<String>) -> String {
        var best: String?
        for path in paths {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            guard metadataFiles.contains(name) else { continue }
            let prefix = String(path.dropLast(name.count))
            if best == nil || prefix.count < best!.count { best = prefix }
        }
        return best ?? ""
    }

    /// Every file, root-relative, sorted by code point.
    var paths: [String] {
        (archive != nil ? Array(entries.keys) : Array(files.keys)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func contains(_ path: String) -> Bool { archive != nil ? entries[path] != nil : files[path] != nil }

    /// The name a location gives a file: the entry's path as it is in the archive or folder.
    func entryName(_ path: String) -> String { root + path }

    /// The bytes of one file (one day file at a time: memory stays flat in the size of the export).
    func data(_ path: String) throws -> Data {
        if let archive {
            guard let entry = entries[path] else { throw missing(path) }
            // The size the archive claims reserves at most 64 MiB: a damaged or hostile header cannot reserve more.
            var data = Data(capacity: min(Int(clamping: entry.uncompressedSize), 64 << 20))
            do {
                // ZIPFoundation's own CRC-32 on Linux is a byte-at-a-time loop (its zlib one is compiled for Apple
                // platforms only): the entry's checksum is checked here, eight bytes at a time.
                _ = try archive.extract(entry, bufferSize: 64 << 10, skipCRC32: true) { data.append($0) }
            } catch {
                throw ImportError(at: InputLocation(file: url.path, entry: entryName(path)),
                                  message: "cannot decompress this ZIP entry (\(error))",
                                  fix: "download the export again; the archive is damaged")
            }
            guard CRC32.of(data) == entry.checksum else {
                throw ImportError(at: InputLocation(file: url.path, entry: entryName(path)),
                                  message: "this ZIP entry is damaged (its CRC-32 does not match)",
                                  fix: "download the export again; the archive is damaged")
            }
            return data
        }
        guard let file = files[path] else { throw missing(path) }
        do { return try Data(contentsOf: file) } catch {
            throw ImportError(at: InputLocation(file: url.path, entry: entryName(path)), message: "cannot read the file",
                              fix: "check that it is readable")
        }
    }

    private func missing(_ path: String) -> ImportError {
        ImportError(at: InputLocation(file: url.path, entry: entryName(path)), message: "there is no such file in the export",
                    fix: "export the workspace again")
    }

    /// Whether `url` looks like a Slack export: a folder or ZIP with `users.json` or `channels.json` at its root
    /// (in a ZIP, maybe one folder down) and at least one channel folder of day files.
    static func looksLikeExport(_ url: URL, isDirectory: Bool, head: Data) -> Bool {
        if !isDirectory {
            guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return false }
        }
        guard let files = try? SlackExportFiles(url: url, isDirectory: isDirectory) else { return false }
        let paths = files.paths
        guard paths.contains("channels.json") || paths.contains("users.json") else { return false }
        return paths.contains { SlackDayFile.parse($0) != nil }
    }
}

/// A day file's path: `<channel folder>/<YYYY-MM-DD>.json`.
enum SlackDayFile {
    static func parse(_ path: String) -> (folder: String, day: String)? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].hasSuffix(".json"), !parts[0].isEmpty else { return nil }
        let day = parts[1].dropLast(5)
        let bytes = Array(day.utf8)
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
              bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || ($0.element >= 0x30 && $0.element <= 0x39) })
        else { return nil }
        return (String(parts[0]), String(day))
    }
}

/// CRC-32 (IEEE 802.3, as ZIP uses it), slicing by eight.
enum CRC32 {
    private static let tables: [[UInt32]] = {
        var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            tables[0][n] = c
        }
        for n in 0..<256 {
            for k in 1..<8 { tables[k][n] = tables[0][Int(tables[k - 1][n] & 0xFF)] ^ (tables[k - 1][n] >> 8) }
        }
        return tables
    }()

    static func of(_ data: Data) -> UInt32 {
        let t = tables
        return data.withUnsafeBytes { raw -> UInt32 in
            let bytes = raw.bindMemory(to: UInt8.self)
            var crc: UInt32 = 0xFFFF_FFFF
            var i = 0
            let count = bytes.count
            t[0].withUnsafeBufferPointer { t0 in t[1].withUnsafeBufferPointer { t1 in t[2].withUnsafeBufferPointer { t2 in
            t[3].withUnsafeBufferPointer { t3 in t[4].withUnsafeBufferPointer { t4 in t[5].withUnsafeBufferPointer { t5 in
            t[6].withUnsafeBufferPointer { t6 in t[7].withUnsafeBufferPointer { t7 in
                while i + 8 <= count {
                    let one = crc ^ (UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16
                        | UInt32(bytes[i + 3]) << 24)
                    let two = UInt32(bytes[i + 4]) | UInt32(bytes[i + 5]) << 8 | UInt32(bytes[i + 6]) << 16
                        | UInt32(bytes[i + 7]) << 24
                    crc = t7[Int(one & 0xFF)] ^ t6[Int((one >> 8) & 0xFF)] ^ t5[Int((one >> 16) & 0xFF)]
                        ^ t4[Int(one >> 24)] ^ t3[Int(two & 0xFF)] ^ t2[Int((two >> 8) & 0xFF)]
                        ^ t1[Int((two >> 16) & 0xFF)] ^ t0[Int(two >> 24)]
                    i += 8
                }
                while i < count {
                    crc = t0[Int((crc ^ UInt32(bytes[i])) & 0xFF)] ^ (crc >> 8)
                    i += 1
                }
            } } } } } } } }
            return crc ^ 0xFFFF_FFFF
        }
    }
}

