import Foundation
import Testing

/// Guards the module map of docs/architecture.md: each target imports only what it may.
///
/// The build already refuses a module a target does not depend on; this test also catches a
/// dependency added to Package.swift that breaks the rules, and Foundation I/O in the model.
@Suite struct ArchitectureTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Modules each target must never import. Keep in step with docs/architecture.md.
    static let forbiddenImports: [String: Set<String>] = [
        "PkgModel": ["NIOCore", "NIOPosix", "Hummingbird", "CArchive", "CCurl", "PkgArchive", "PkgHTTP",
                     "PkgResolver", "PkgRegistryClient", "PkgCore", "PkgRegistryServer", "Dispatch", "FoundationNetworking"],
        "PkgResolver": ["PkgHTTP", "PkgArchive", "PkgRegistryClient", "PkgCore", "PkgRegistryServer", "Hummingbird",
                        "CArchive", "CCurl", "FoundationNetworking"],
        "PkgArchive": ["PkgHTTP", "CCurl", "PkgResolver", "PkgRegistryServer", "PkgCore"],
        "PkgHTTP": ["PkgArchive", "CArchive", "PkgResolver", "PkgRegistryServer", "PkgCore"],
        "PkgRegistryClient": ["PkgArchive", "PkgResolver", "PkgRegistryServer", "PkgCore", "Hummingbird"],
        "PkgCore": ["Hummingbird", "PkgRegistryServer"],
        "PkgRegistryServer": ["PkgCore", "PkgResolver", "PkgHTTP", "PkgRegistryClient", "CCurl"],
    ]

    /// Foundation calls that touch files, processes or the network; the model must stay pure.
    static let modelForbiddenSymbols = ["FileManager", "FileHandle", "Process(", "URLSession", "fopen(", "Data(contentsOf"]

    static func imports(in target: String) throws -> [(file: String, module: String)] {
        let folder = repositoryRoot.appendingPathComponent("Sources/\(target)")
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        var result: [(String, String)] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init)
                guard let index = words.firstIndex(of: "import"), index + 1 < words.count else { continue }
                // `import X`, `internal import X`, `@preconcurrency import X`, `import struct X.Y`.
                let modifiers = words[..<index]
                guard modifiers.allSatisfy({ ["internal", "public", "package", "private", "fileprivate", "@preconcurrency", "@_exported"].contains($0) }) else { continue }
                var module = words[index + 1]
                if ["struct", "class", "enum", "protocol", "func", "var", "typealias"].contains(module), index + 2 < words.count {
                    module = words[index + 2]
                }
                result.append((file.lastPathComponent, String(module.split(separator: ".").first ?? "")))
            }
        }
        return result
    }

    @Test(arguments: Array(forbiddenImports.keys).sorted())
    func targetImportsOnlyWhatItMay(target: String) throws {
        let forbidden = Self.forbiddenImports[target] ?? []
        for (file, module) in try Self.imports(in: target) {
            #expect(!forbidden.contains(module), "\(target)/\(file) imports \(module), which docs/architecture.md forbids")
        }
    }

    @Test func modelDoesNoIO() throws {
        let folder = Self.repositoryRoot.appendingPathComponent("Sources/PkgModel")
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for symbol in Self.modelForbiddenSymbols {
                #expect(!text.contains(symbol), "PkgModel/\(file.lastPathComponent) uses \(symbol): the model does no I/O")
            }
        }
    }
}
