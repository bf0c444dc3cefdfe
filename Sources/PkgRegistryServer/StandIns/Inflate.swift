// Stand-in gzip reader until PkgArchive's `TarballInspection` lands from the `archive` branch
// (the server must not link libarchive itself); swap it out after `git merge main`.
//
// DEFLATE (RFC 1951) inside one gzip member (RFC 1952). A registry must refuse what two tar
// readers could disagree on, so a second gzip member or any byte after the first member's
// trailer is an error, as is a CRC or length mismatch. Output is bounded to stop gzip bombs.

/// Why a gzip stream was refused.
struct GzipError: Error, Sendable, Equatable {
    var reason: String
}

enum Gzip {
    /// Decompresses exactly one gzip member that must span all of `data`.
    ///
    /// - Throws: `GzipError` for a bad header, corrupt data, a CRC or size mismatch, output over
    ///   `limit` bytes, or anything after the member's trailer.
    static func decompressSingleMember(_ data: [UInt8], limit: Int) throws(GzipError) -> [UInt8] {
        guard data.count >= 18, data[0] == 0x1F, data[1] == 0x8B else { throw GzipError(reason: "not gzip data") }
        guard data[2] == 8 else { throw GzipError(reason: "unknown gzip compression method") }
        let flags = data[3]
        guard flags & 0xE0 == 0 else { throw GzipError(reason: "reserved gzip flags set") }
        var position = 10
        if flags & 0x04 != 0 {
            guard position + 2 <= data.count else { throw GzipError(reason: "truncated gzip header") }
            position += 2 + (Int(data[position]) | Int(data[position + 1]) << 8)
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {
            while position < data.count, data[position] != 0 { position += 1 }
            position += 1
        }
        if flags & 0x02 != 0 { position += 2 }
        guard position < data.count else { throw GzipError(reason: "truncated gzip header") }
        var inflater = Inflater(input: data, bytePosition: position, limit: limit)
        try inflater.run()
        let end = inflater.alignedBytePosition
        guard end + 8 <= data.count else { throw GzipError(reason: "truncated gzip trailer") }
        func word(_ offset: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[offset + $1]) << (8 * $1) }
        }
        guard word(end) == CRC32.checksum(inflater.output) else { throw GzipError(reason: "gzip CRC mismatch") }
        guard word(end + 4) == UInt32(truncatingIfNeeded: inflater.output.count) else {
            throw GzipError(reason: "gzip length mismatch")
        }
        guard end + 8 == data.count else {
            throw GzipError(reason: data.count - end - 8 >= 2 && data[end + 8] == 0x1F && data[end + 9] == 0x8B
                ? "more than one gzip member" : "data after the end of the gzip stream")
        }
        return inflater.output
    }
}

private struct Huffman {
    var counts = [UInt16](repeating: 0, count: 16)
    var symbols: [UInt16] = []

    init(lengths: [UInt8]) throws(GzipError) {
        for length in lengths { counts[Int(length)] += 1 }
        counts[0] = 0
        var left = 1
        for length in 1..<16 {
            left <<= 1
            left -= Int(counts[length])
            guard left >= 0 else { throw GzipError(reason: "over-subscribed Huffman code") }
        }
        var offsets = [Int](repeating: 0, count: 16)
        for length in 1..<15 { offsets[length + 1] = offsets[length] + Int(counts[length]) }
        symbols = [UInt16](repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length != 0 {
            symbols[offsets[Int(length)]] = UInt16(symbol)
            offsets[Int(length)] += 1
        }
    }
}

private struct Inflater {
    let input: [UInt8]
    var bytePosition: Int
    let limit: Int
    var bitBuffer: UInt32 = 0
    var bitCount = 0
    var output: [UInt8] = []

    init(input: [UInt8], bytePosition: Int, limit: Int) {
        self.input = input
        self.bytePosition = bytePosition
        self.limit = limit
    }

    /// The first byte after the deflate stream (unused bits of the last byte are dropped).
    var alignedBytePosition: Int { bytePosition - bitCount / 8 }

    mutating func bits(_ count: Int) throws(GzipError) -> Int {
        while bitCount < count {
            guard bytePosition < input.count else { throw GzipError(reason: "truncated deflate data") }
            bitBuffer |= UInt32(input[bytePosition]) << bitCount
            bytePosition += 1
            bitCount += 8
        }
        let value = Int(bitBuffer & ((1 << count) - 1))
        bitBuffer >>= count
        bitCount -= count
        return value
    }

    mutating func decode(_ huffman: Huffman) throws(GzipError) -> Int {
        var code = 0, first = 0, index = 0
        for length in 1..<16 {
            code |= try bits(1)
            let count = Int(huffman.counts[length])
            if code - count < first { return Int(huffman.symbols[index + (code - first)]) }
            index += count
            first += count
            first <<= 1
            code <<= 1
        }
        throw GzipError(reason: "invalid Huffman code")
    }

    mutating func run() throws(GzipError) {
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try stored()
            case 1: try codes(Self.fixedLiteral, Self.fixedDistance)
            case 2: try dynamic()
            default: throw GzipError(reason: "invalid deflate block type")
            }
        }
    }

    mutating func append(_ byte: UInt8) throws(GzipError) {
        guard output.count < limit else { throw GzipError(reason: "unpacked size exceeds \(limit) bytes") }
        output.append(byte)
    }

    mutating func stored() throws(GzipError) {
        bitBuffer = 0
        bitCount = 0
        guard bytePosition + 4 <= input.count else { throw GzipError(reason: "truncated stored block") }
        let length = Int(input[bytePosition]) | Int(input[bytePosition + 1]) << 8
        let complement = Int(input[bytePosition + 2]) | Int(input[bytePosition + 3]) << 8
        guard length == ~complement & 0xFFFF else { throw GzipError(reason: "corrupt stored block length") }
        bytePosition += 4
        guard bytePosition + length <= input.count else { throw GzipError(reason: "truncated stored block") }
        guard output.count + length <= limit else { throw GzipError(reason: "unpacked size exceeds \(limit) bytes") }
        output.append(contentsOf: input[bytePosition..<bytePosition + length])
        bytePosition += length
    }

    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    static let fixedLiteral: Huffman = {
        var lengths = [UInt8](repeating: 8, count: 288)
        for symbol in 144..<256 { lengths[symbol] = 9 }
        for symbol in 256..<280 { lengths[symbol] = 7 }
        return (try? Huffman(lengths: lengths)) ?? Huffman.empty
    }()
    static let fixedDistance: Huffman = (try? Huffman(lengths: [UInt8](repeating: 5, count: 30))) ?? Huffman.empty

    mutating func codes(_ literal: Huffman, _ distance: Huffman) throws(GzipError) {
        while true {
            let symbol = try decode(literal)
            if symbol < 256 {
                try append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let lengthIndex = symbol - 257
                guard lengthIndex < 29 else { throw GzipError(reason: "invalid length symbol") }
                let length = Self.lengthBase[lengthIndex] + (try bits(Self.lengthExtra[lengthIndex]))
                let distanceSymbol = try decode(distance)
                guard distanceSymbol < 30 else { throw GzipError(reason: "invalid distance symbol") }
                let back = Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
                guard back <= output.count else { throw GzipError(reason: "distance too far back") }
                guard output.count + length <= limit else { throw GzipError(reason: "unpacked size exceeds \(limit) bytes") }
                let start = output.count - back
                for offset in 0..<length { output.append(output[start + offset]) }
            }
        }
    }

    mutating func dynamic() throws(GzipError) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw GzipError(reason: "bad dynamic block counts") }
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [UInt8](repeating: 0, count: 19)
        for index in 0..<codeCount { codeLengths[order[index]] = UInt8(try bits(3)) }
        let lengthCode = try Huffman(lengths: codeLengths)
        var lengths: [UInt8] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(lengthCode)
            switch symbol {
            case 0..<16: lengths.append(UInt8(symbol))
            case 16:
                guard let previous = lengths.last else { throw GzipError(reason: "repeat with no previous length") }
                lengths += [UInt8](repeating: previous, count: 3 + (try bits(2)))
            case 17: lengths += [UInt8](repeating: 0, count: 3 + (try bits(3)))
            default: lengths += [UInt8](repeating: 0, count: 11 + (try bits(7)))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw GzipError(reason: "too many code lengths") }
        guard lengths[256] != 0 else { throw GzipError(reason: "missing end-of-block code") }
        try codes(Huffman(lengths: Array(lengths[..<literalCount])), Huffman(lengths: Array(lengths[literalCount...])))
    }
}

private extension Huffman {
    static var empty: Huffman { Huffman() }
    init() {}
}

/// The CRC-32 gzip stores in its trailer.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
