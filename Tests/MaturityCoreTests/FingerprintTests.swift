import Foundation
import MaturityCore
import MaturityTestSupport
import Testing

/// The fingerprint of a folder input: the SHA-256 of its manifest (relative path NUL file SHA-256 LF, in byte
/// order of the paths, hidden files left out). The expected digests were computed with Python's hashlib.
@Suite struct FingerprintTests {
    @Test func aFolderIsFingerprintedByItsManifest() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let root = folder.file("export")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        _ = try folder.write("export/a.txt", "alpha\n")
        _ = try folder.write("export/sub/b.ics", "beta")
        _ = try folder.write("export/.hidden", "x")
        #expect(try SHA256Hasher.folder(root) == "e5cf6689d038e778da3c560dc3012ce428499db0f0bdd0b76c669097e14ceff9")
        // A copy elsewhere is the same input; a renamed file is not.
        try FileManager.default.copyItem(at: root, to: folder.file("copy"))
        #expect(try SHA256Hasher.folder(folder.file("copy")) == SHA256Hasher.folder(root))
        try FileManager.default.moveItem(at: root.appendingPathComponent("sub/b.ics"), to: root.appendingPathComponent("sub/c.ics"))
        #expect(try SHA256Hasher.folder(root) == "874e98b7a1a83d48b8b797c718c64d7e91df4b2168c572253d37758a1044b6d9")
    }
}
