import Foundation
import PkgRegistryClient
import Testing

@Suite struct IniParserTests {
    @Test(arguments: [
        ("a = b ; x", IniValue.string("b")),
        ("a = b # x", .string("b")),
        ("a=b\\;c", .string("b;c")),
        ("a=b\\\\c", .string("b\\c")),
        ("a=b\\xc", .string("b\\xc")),
        ("a=\"q;uoted\"", .string("q;uoted")),
        ("a='single'", .string("single")),
        ("a=\"bad", .string("\"bad")),
        ("a=\"not json\\q\"", .string("\"not json\\q\"")),
        ("a=true", .bool(true)),
        ("a=false", .bool(false)),
        ("a=null", .null),
        ("a", .bool(true)),
        ("a=", .string("")),
        ("a = x = y", .string("x = y")),
    ])
    func parsesValues(line: String, expected: IniValue) {
        let entries = IniParser.parse(line)
        #expect(entries == [IniEntry(section: nil, key: "a", value: expected)])
    }

    @Test func arraysSectionsAndComments() {
        let text = """
        ; comment
          # indented comment
        list[]=one
        list[]=two
        list=three
        =no key
        plain=1
        plain=2
        [sec]
        inner=x

        """
        let entries = IniParser.parse(text)
        #expect(entries == [
            IniEntry(section: nil, key: "list", value: .list(["one", "two", "three"])),
            IniEntry(section: nil, key: "plain", value: .string("2")),
            IniEntry(section: "sec", key: "inner", value: .string("x")),
        ])
    }

    @Test func carriageReturnsSplitLines() {
        let entries = IniParser.parse("a=1\r\nb=2\rc=3")
        #expect(entries.map(\.key) == ["a", "b", "c"])
    }
}
