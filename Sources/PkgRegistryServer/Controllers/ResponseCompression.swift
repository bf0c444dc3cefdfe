import Foundation

/// When the registry gzips a JSON response: packuments shrink several-fold, which matters to
/// clients on real networks, while tiny documents are sent as they are.
enum ResponseCompression {
    /// Below this, gzip's header and the CPU cost outweigh the bytes saved.
    static let minimumSize = 1024

    /// A middle zlib level: most of level 9's ratio at a fraction of its CPU; paid once per document revision (see `EncodedDocument`).
    static let level: Int32 = 5

    /// Whether an `Accept-Encoding` value allows gzip (`gzip`, `x-gzip` or `*`, unless `q=0`).
    static func acceptsGzip(_ value: String?) -> Bool {
        guard let value else { return false }
        return value.lowercased().split(separator: ",").contains { part in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let coding = pieces.first, ["gzip", "x-gzip", "*"].contains(coding) else { return false }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
    }
}
