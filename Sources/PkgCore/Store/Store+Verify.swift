// `pkg cache verify`: re-hash every entry against its index and drop the damaged ones.

/// What `pkg cache verify` found.
package struct StoreVerification: Sendable, Hashable {
    /// Entries checked.
    package var checked = 0
    /// Files checked across all entries.
    package var files = 0
    /// Damaged entries and what is wrong with each; they have been removed.
    package var damaged: [StoreKey: [String]] = [:]
}

extension Store {
    /// Re-hashes every file of every entry against its `index.json`; removes entries that do not
    /// match (and folders without a readable index) plus staging leftovers, so the next install
    /// fetches them again.
    package func verify() throws(InstallError) -> StoreVerification {
        var result = StoreVerification()
        try removeStaging()
        for key in keys() {
            result.checked += 1
            guard let entry = entry(for: key) else {
                result.damaged[key] = ["index.json is missing or unreadable"]
                try remove(key)
                continue
            }
            result.files += entry.index.files.count
            let problems = StoreFiles.problems(of: entry)
            if !problems.isEmpty {
                result.damaged[key] = problems
                try remove(key)
            }
        }
        return result
    }
}
