import Foundation

/// Runs the built `maturity` executable as a subprocess, the way a user or a script does: exit status, stdout and
/// stderr exactly as the process wrote them.
///
/// The executable is looked up (first match wins):
/// 1. `$MATURITY_BINARY`, when set;
/// 2. next to the running test bundle (`<scratch>/debug/maturity` beside `<scratch>/debug/*.xctest`): the
///    `maturity` of the same build as the tests, whatever `--scratch-path` was used;
/// 3. `<repository>/.build/debug/maturity`.
public enum RunBinary {
    /// What one run of the executable did.
    public struct Result: Sendable, CustomStringConvertible {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status; self.stdout = stdout; self.stderr = stderr
        }

        /// For test failure messages: the status and both streams.
        public var description: String { "exit \(status)\n--- stdout:\n\(stdout)--- stderr:\n\(stderr)" }
    }

    /// The executable the tests run, nil when none was found (see the type's documentation).
    public static let executableURL: URL? = {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["MATURITY_BINARY"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        // Linux runs the `.xctest` file itself; macOS loads the `.xctest` bundle into a runner.
        var bundleFolders: [URL] = []
        if let executable = Bundle.main.executableURL { bundleFolders.append(executable.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            bundleFolders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        if let first = ProcessInfo.processInfo.arguments.first, first.hasSuffix(".xctest") {
            bundleFolders.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        candidates += bundleFolders.map { $0.appendingPathComponent("maturity") }
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/maturity"))
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && fileManager.isExecutableFile(atPath: url.path)
        }
    }()

    /// Runs `maturity` with `arguments` and waits for it.
    ///
    /// - Parameters:
    ///   - environment: variables set on top of the test process's environment. `MATURITY_STORE` is removed
    ///     from the inherited environment (a developer's setting must not leak into a test); pass it here to set it.
    ///   - currentDirectory: the working directory of the process (default: the test process's).
    /// - Returns: the exit status and the complete stdout and stderr (UTF-8). When the executable cannot be run,
    ///   status 127 and the reason on stderr, so the calling test fails with an explanation.
    ///   - executable: another program to run instead (such as `setpriv`, to run `maturity` as another user).
    public static func run(_ arguments: [String], environment: [String: String] = [:],
                           currentDirectory: URL? = nil, executable other: URL? = nil) -> Result {
        guard let executable = other ?? executableURL else {
            return Result(status: 127, stdout: "", stderr: "RunBinary: no maturity executable found next to the "
                + "test bundle nor in .build/debug; build it (swift build --build-tests) or set MATURITY_BINARY\n")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        variables["MATURITY_STORE"] = nil
        variables.merge(environment) { _, given in given }
        process.environment = variables
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        // Files rather than pipes: no dead-lock however much either stream holds.
        let capture = FileManager.default.temporaryDirectory
            .appendingPathComponent("maturity-run-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: capture) }
        do {
            try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
            let outURL = capture.appendingPathComponent("stdout")
            let errURL = capture.appendingPathComponent("stderr")
            try Data().write(to: outURL)
            try Data().write(to: errURL)
            let outHandle = try FileHandle(forWritingTo: outURL)
            let errHandle = try FileHandle(forWritingTo: errURL)
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = outHandle
            process.standardError = errHandle
            try process.run()
            process.waitUntilExit()
            try outHandle.close()
            try errHandle.close()
            let stdout = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
            let stderr = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
            // A crash reports 128 + the signal, as a shell does, so it is never mistaken for an exit code.
            let status = process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus : process.terminationStatus
            return Result(status: status, stdout: stdout, stderr: stderr)
        } catch {
            return Result(status: 127, stdout: "", stderr: "RunBinary: cannot run \(executable.path): \(error)\n")
        }
    }
}
