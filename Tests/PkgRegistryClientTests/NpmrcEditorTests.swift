import Foundation
import PkgRegistryClient
import Testing

@Suite struct NpmrcEditorTests {
    @Test func loginReplacesTheTokenAndKeepsEverythingElse() {
        var editor = NpmrcEditor(contents: """
        ; my settings
        registry=http://localhost:4873/
        //localhost:4873/:_authToken=old
        //localhost:4873/:always-auth=true
        //localhost:4873/:username=alice
        //other.test/:_authToken=keep
        save-exact = true

        """)
        let key = editor.setToken("new-token", forRegistry: "http://localhost:4873/")
        #expect(key == "//localhost:4873/:_authToken")
        #expect(editor.contents == """
        ; my settings
        registry=http://localhost:4873/
        //localhost:4873/:_authToken=new-token
        //other.test/:_authToken=keep
        save-exact = true

        """)
    }

    @Test func loginAppendsToAnEmptyFile() {
        var editor = NpmrcEditor(contents: "")
        editor.setToken("t", forRegistry: "https://registry.npmjs.org/")
        #expect(editor.contents == "//registry.npmjs.org/:_authToken=t\n")
    }

    @Test func newKeysGoBeforeSections() {
        var editor = NpmrcEditor(contents: "a=1\n[section]\n//h.test/:_authToken=inside\n")
        editor.setToken("t", forRegistry: "https://h.test/")
        #expect(editor.contents == "a=1\n//h.test/:_authToken=t\n[section]\n//h.test/:_authToken=inside\n")
    }

    @Test func logoutClearsOnlyThatRegistry() {
        var editor = NpmrcEditor(contents: "_authToken=legacy\n//h.test/:_authToken=t\n//h.test/:email=a@b\n//k.test/:_authToken=k\n")
        editor.clearCredentials(forRegistry: "https://h.test/", defaultRegistry: "https://h.test/")
        #expect(editor.contents == "//k.test/:_authToken=k\n")
    }

    @Test func valuesAreQuotedLikeIni() {
        var editor = NpmrcEditor(contents: "")
        editor.set("k", to: "a=b")
        editor.set("semi", to: "x;y")
        #expect(editor.contents == "k=\"a=b\"\nsemi=x\\;y\n")
        #expect(editor.value(for: "k") == "a=b")
        #expect(editor.value(for: "semi") == "x;y")
    }

    @Test func writesWithPrivateMode() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pkg-npmrc-\(UUID().uuidString)/.npmrc").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        var editor = try NpmrcEditor.load(path: path)
        editor.setToken("secret", forRegistry: "http://127.0.0.1:4873/")
        try editor.write(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "//127.0.0.1:4873/:_authToken=secret\n")
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }
}
