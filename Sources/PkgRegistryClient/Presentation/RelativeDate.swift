// "3 minutes ago", as npm's `tiny-relative-date` words it: under 30 s "just now", then seconds,
// "a minute ago", minutes, "an hour ago", hours, "yesterday", days (counted from local midnight
// between one day and one week), "a week ago", weeks, "a month ago" (30 days), months,
// "a year ago", "over a year ago". Future dates read "… from now".
import Foundation

/// npm's relative date wording for `pkg view`'s "published … by …" line.
public enum RelativeDate {
    public static func describe(_ date: Date, now: Date, calendar: Calendar = .current) -> String {
        let minute = 60.0, hour = minute * 60, day = hour * 24, week = day * 7, month = day * 30, year = day * 365
        var date = date
        var delta = (abs(now.timeIntervalSince(date))).rounded()
        if delta > day && delta < week {
            date = calendar.startOfDay(for: date)
            delta = (abs(now.timeIntervalSince(date))).rounded()
        }
        let past = now >= date
        func phrase(_ ago: String, _ fromNow: String) -> String { past ? ago : fromNow }
        func count(_ value: Double, _ unit: String) -> String {
            "\(Int(value)) \(unit) " + (past ? "ago" : "from now")
        }
        if delta < 30 { return "just now" }
        if delta < minute { return count(delta, "seconds") }
        if delta < 2 * minute { return phrase("a minute ago", "a minute from now") }
        if delta < hour { return count((delta / minute).rounded(.down), "minutes") }
        if (delta / hour).rounded(.down) == 1 { return phrase("an hour ago", "an hour from now") }
        if delta < day { return count((delta / hour).rounded(.down), "hours") }
        if delta < 2 * day { return phrase("yesterday", "tomorrow") }
        if delta < week { return count((delta / day).rounded(.down), "days") }
        if (delta / week).rounded(.down) == 1 { return phrase("a week ago", "a week from now") }
        if delta < month { return count((delta / week).rounded(.down), "weeks") }
        if (delta / month).rounded(.down) == 1 { return phrase("a month ago", "a month from now") }
        if delta < year { return count((delta / month).rounded(.down), "months") }
        if (delta / year).rounded(.down) == 1 { return phrase("a year ago", "a year from now") }
        return phrase("over a year ago", "over a year from now")
    }
}

/// Reads the ISO 8601 timestamps registries write (`2024-05-01T12:00:00.000Z`).
public enum RegistryTimestamp {
    public static func parse(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return date }
        return ISO8601DateFormatter().date(from: text)
    }
}
