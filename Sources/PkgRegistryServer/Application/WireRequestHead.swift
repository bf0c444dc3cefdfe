// A strict reader of the simplest HTTP/1.1 requests, for the wire fast path (`WireFastPathHandler`):
// `GET` of an origin-form path, `HTTP/1.1`, CRLF line ends, plain `name: value` fields, no body.
// It accepts only requests that every HTTP/1.1 parser reads the same way, and declines everything
// else, which then goes, byte for byte, to NIO's full HTTP/1 decoder: obsolete line folding, bare
// LF, a body or its framing (`Content-Length`, `Transfer-Encoding`), `Expect`, `Upgrade`, a
// `Connection` other than `keep-alive`, other methods and versions, non-ASCII bytes, a missing or
// repeated `Host`. Declining is always safe; accepting wrongly is not, so when in doubt it declines.
import HTTPTypes

/// What the first bytes of a connection's unread input hold.
enum WireRequestHead: Equatable {
    /// A complete simple request whose head is the first `length` bytes.
    case request(HTTPRequest, length: Int)
    /// Not complete yet: read more (up to `maximumLength`).
    case incomplete
    /// Not a request this reader takes: hand everything to the full decoder.
    case decline

    /// Heads longer than this are declined (the full decoder has its own, larger limits).
    static let maximumLength = 8 * 1024
    /// Requests with more fields than this are declined.
    static let maximumFieldCount = 64

    private static let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
    private static let requestLinePrefix = Array("GET ".utf8)
    private static let requestLineSuffix = Array(" HTTP/1.1".utf8)

    /// Reads the head at the start of `bytes`.
    static func parse(_ bytes: some Collection<UInt8>) -> WireRequestHead {
        let array = Array(bytes.prefix(maximumLength + 4))
        guard let end = headEnd(array) else {
            return array.count >= maximumLength ? .decline : (isPlausiblePrefix(array) ? .incomplete : .decline)
        }
        // Lines of the head, without their CRLF; `end` is the index after the blank line's LF.
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < end - 2 {
            if array[index] == cr {
                guard array[index + 1] == lf else { return .decline }
                lines.append(array[start..<index])
                index += 2
                start = index
            } else {
                if array[index] == lf { return .decline }
                index += 1
            }
        }
        guard let requestLine = lines.first, let path = target(of: requestLine) else { return .decline }
        guard lines.count - 1 <= maximumFieldCount else { return .decline }
        var fields = HTTPFields()
        var host: String?
        for line in lines.dropFirst() {
            guard let (name, value) = field(line) else { return .decline }
            switch name.lowercased() {
            case "host":
                guard host == nil, !value.isEmpty else { return .decline }
                host = value
                continue
            case "content-length", "transfer-encoding", "expect", "upgrade", "http2-settings":
                return .decline
            case "connection":
                guard value.lowercased() == "keep-alive" else { return .decline }
            default:
                break
            }
            guard let fieldName = HTTPField.Name(name) else { return .decline }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        guard let host else { return .decline }
        let request = HTTPRequest(method: .get, scheme: "http", authority: host, path: path, headerFields: fields)
        return .request(request, length: end)
    }

    /// The index just past the first CRLF CRLF, if any.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = 3
        while index < bytes.count {
            if bytes[index] == lf, bytes[index - 1] == cr, bytes[index - 2] == lf, bytes[index - 3] == cr { return index + 1 }
            index += 1
        }
        return nil
    }

    /// Whether more bytes could still make these a request this reader takes (`GET /`…).
    private static func isPlausiblePrefix(_ bytes: [UInt8]) -> Bool {
        let expected = requestLinePrefix + [UInt8(ascii: "/")]
        return bytes.prefix(expected.count).elementsEqual(expected.prefix(bytes.count))
    }

    /// The path of `GET /path HTTP/1.1`: visible ASCII only, starting with `/`.
    private static func target(of line: ArraySlice<UInt8>) -> String? {
        guard line.starts(with: requestLinePrefix), line.count > requestLinePrefix.count + requestLineSuffix.count,
              line.suffix(requestLineSuffix.count).elementsEqual(requestLineSuffix)
        else { return nil }
        let target = line.dropFirst(requestLinePrefix.count).dropLast(requestLineSuffix.count)
        guard target.first == UInt8(ascii: "/"), target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return String(decoding: target, as: UTF8.self)
    }

    /// `name: value` with a token name, optional whitespace around the value, and only visible
    /// ASCII, space and tab inside it.
    private static func field(_ line: ArraySlice<UInt8>) -> (String, String)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { return nil }
        let name = line[line.startIndex..<colon]
        guard name.allSatisfy(isTokenCharacter) else { return nil }
        var value = line[(colon + 1)...]
        while let first = value.first, first == space || first == tab { value = value.dropFirst() }
        while let last = value.last, last == space || last == tab { value = value.dropLast() }
        guard value.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == tab }) else { return nil }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// RFC 9110 `tchar`.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
