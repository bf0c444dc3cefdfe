// JavaScript's `String.prototype.trim` (WhiteSpace and LineTerminator), which npm-package-arg applies
// to registry specs before classifying them.

extension String {
    /// `String.prototype.trim`: npm-package-arg trims registry specs with it.
    func trimmingJavaScriptWhitespace() -> String {
        let scalars = Array(unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, PackageName.isJavaScriptWhitespace(scalars[start]) { start += 1 }
        while end > start, PackageName.isJavaScriptWhitespace(scalars[end - 1]) { end -= 1 }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[start..<end])
        return result
    }
}
