import Foundation
import Testing
@testable import MaturityCore

/// Working hours and days (metrics.md section 0, canonical-csv.md people.csv) and organisation settings.
@Suite struct WorkScheduleTests {
    typealias F = TimeFixture
    let weekdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]

    @Test func parseClock() throws {
        #expect(try WorkSchedule.parseClock("09:00") == 540)
        #expect(try WorkSchedule.parseClock("00:00") == 0)
        #expect(try WorkSchedule.parseClock("17:30") == 1050)
        #expect(try WorkSchedule.parseClock("23:59") == 1439)
        #expect(try WorkSchedule.parseClock("24:00") == 1440)
        for bad in ["9:00", "09:0", "0900", "09.00", "24:01", "25:00", "09:60", "", " 09:00", "09:00 ", "ab:cd",
                    "-1:00", "09:00:00", "０９:00"] {
            let error = F.scheduleError { () throws(ScheduleError) in _ = try WorkSchedule.parseClock(bad) }
            #expect(error?.message.contains("HH:MM from 00:00 to 24:00") == true, "\(bad)")
        }
    }

    @Test func parseHours() throws {
        let office = try WorkSchedule.parseHours("09:00-17:00")
        #expect(office.start == 540 && office.end == 1020)
        let night = try WorkSchedule.parseHours("22:00-06:00")
        #expect(night.start == 1320 && night.end == 360)
        let spaced = try WorkSchedule.parseHours(" 08:30 - 24:00 ")
        #expect(spaced.start == 510 && spaced.end == 1440)
        for bad in ["09:00", "09:00-17:00-18:00", "09:00–17:00", "-17:00", "09:00-25:00"] {
            #expect(F.scheduleError { () throws(ScheduleError) in _ = try WorkSchedule.parseHours(bad) } != nil,
                    "\(bad)")
        }
    }

    @Test func parseWorkdaysExamples() throws {
        #expect(try WorkSchedule.parseWorkdays("Mon-Fri") == weekdays)
        #expect(try WorkSchedule.parseWorkdays("mon-fri") == weekdays)
        #expect(try WorkSchedule.parseWorkdays("MONDAY-friday") == weekdays)
        #expect(try WorkSchedule.parseWorkdays("Sun-Thu") == [.sunday, .monday, .tuesday, .wednesday, .thursday])
        #expect(try WorkSchedule.parseWorkdays("Sat-Mon") == [.saturday, .sunday, .monday])
        #expect(try WorkSchedule.parseWorkdays("Mon,Tue,Thu") == [.monday, .tuesday, .thursday])
        #expect(try WorkSchedule.parseWorkdays("Mon-Wed,Fri") == [.monday, .tuesday, .wednesday, .friday])
        #expect(try WorkSchedule.parseWorkdays(" Mon , Wednesday ,  fri ") == [.monday, .wednesday, .friday])
        #expect(try WorkSchedule.parseWorkdays("Mon - Wed") == [.monday, .tuesday, .wednesday])
        #expect(try WorkSchedule.parseWorkdays("Thursday") == [.thursday])
        #expect(try WorkSchedule.parseWorkdays("Wed-Wed") == [.wednesday])
        #expect(try WorkSchedule.parseWorkdays("Fri-Thu") == Set(Weekday.allCases))
        #expect(try WorkSchedule.parseWorkdays("Mon-Sun") == Set(Weekday.allCases))
        #expect(try WorkSchedule.parseWorkdays("Mon-Fri,Tue") == weekdays)
    }

    @Test func parseWorkdaysErrors() {
        let unknown = F.scheduleError { () throws(ScheduleError) in _ = try WorkSchedule.parseWorkdays("Mon-Fr") }
        #expect(unknown?.message.hasPrefix("unknown day \"Fr\" in \"Mon-Fr\"") == true)
        let funday = F.scheduleError { () throws(ScheduleError) in _ = try WorkSchedule.parseWorkdays("Mon,Funday") }
        #expect(funday?.message.contains("unknown day \"Funday\"") == true)
        for bad in ["", " ", "Mon,,Fri", "Mon,", "Mon-Tue-Wed", "-Fri", "Mon-", "Mo", "Tues", "Thurs", "M",
                    "Mon;Tue", "Mon Tue", "1-5", "Lundi"] {
            let error = F.scheduleError { () throws(ScheduleError) in _ = try WorkSchedule.parseWorkdays(bad) }
            #expect(error?.message.contains("expected days (Mon or Monday)") == true, "\(bad)")
        }
    }

    @Test func formatClockAndWorkdays() throws {
        #expect(WorkSchedule.formatClock(540) == "09:00")
        #expect(WorkSchedule.formatClock(0) == "00:00")
        #expect(WorkSchedule.formatClock(1050) == "17:30")
        #expect(WorkSchedule.formatClock(1440) == "24:00")
        #expect(WorkSchedule.formatWorkdays(weekdays) == "Mon-Fri")
        #expect(WorkSchedule.formatWorkdays([.sunday, .monday, .tuesday, .wednesday, .thursday]) == "Sun-Thu")
        #expect(WorkSchedule.formatWorkdays([.monday, .wednesday]) == "Mon,Wed")
        #expect(WorkSchedule.formatWorkdays([.monday, .tuesday, .thursday]) == "Mon,Tue,Thu")
        #expect(WorkSchedule.formatWorkdays([.saturday, .sunday, .monday]) == "Sat-Mon")
        #expect(WorkSchedule.formatWorkdays([.saturday, .sunday, .monday, .wednesday]) == "Wed,Sat-Mon")
        #expect(WorkSchedule.formatWorkdays([.monday, .tuesday, .wednesday, .friday]) == "Mon-Wed,Fri")
        #expect(WorkSchedule.formatWorkdays(Set(Weekday.allCases)) == "Mon-Sun")
        #expect(WorkSchedule.formatWorkdays([]) == "")
        // Every non-empty set survives a round trip.
        for mask in 1..<128 {
            let days = Set(Weekday.allCases.filter { mask & (1 << ($0.rawValue - 1)) != 0 })
            #expect(try WorkSchedule.parseWorkdays(WorkSchedule.formatWorkdays(days)) == days)
        }
    }

    @Test func nominalWorkdayLength() {
        #expect(WorkSchedule(timeZone: F.berlin).nominalSeconds == 8 * 3600)
        #expect(WorkSchedule(timeZone: F.berlin, start: 1320, end: 360).nominalSeconds == 8 * 3600)
        #expect(WorkSchedule(timeZone: F.berlin, start: 540, end: 540).nominalSeconds == 24 * 3600)
        #expect(WorkSchedule(timeZone: F.berlin, start: 0, end: 0).nominalSeconds == 24 * 3600)
        #expect(WorkSchedule(timeZone: F.berlin, start: 0, end: 1440).nominalSeconds == 24 * 3600)
        #expect(WorkSchedule(timeZone: F.berlin, start: 1440, end: 0).nominalSeconds == 0)
        #expect(WorkSchedule(timeZone: F.kolkata, start: 600, end: 1110).nominalSeconds == 8 * 3600 + 1800)
        // The clock length whatever DST does: Sunday 01:00-09:00 Berlin is nominally 8 h.
        #expect(WorkSchedule(timeZone: F.berlin, start: 60, end: 540, workdays: [.sunday]).nominalSeconds == 28_800)
    }

    @Test func defaultsAreNineToFiveMondayToFriday() {
        let schedule = WorkSchedule(timeZone: F.berlin)
        #expect(schedule.start == 540 && schedule.end == 1020 && schedule.workdays == weekdays)
        let settings = OrganisationSettings()
        // UTC under the IANA name Etc/UTC (Foundation on Linux would name TimeZone(identifier: "UTC") "GMT").
        #expect(settings.timeZone.identifier == "Etc/UTC")
        #expect(settings.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_782_891_000)) == 0)
        #expect(settings.schedule == WorkSchedule(timeZone: TimeZone(identifier: "Etc/UTC")!))
        #expect(OrganisationSettings.zone(named: "UTC")?.identifier == "Etc/UTC")
        #expect(OrganisationSettings.zone(named: "Europe/berlin") == nil)
        #expect(settings.minGroupSize == 5)
    }

    @Test func personScheduleTakesOverridesAndOrganisationDefaults() throws {
        let settings = OrganisationSettings(timeZone: F.berlin, workStart: 540, workEnd: 1020)
        let plain = try settings.schedule(timezone: nil, workStart: nil, workEnd: nil, workdays: nil)
        #expect(plain == WorkSchedule(timeZone: F.berlin))
        let blank = try settings.schedule(timezone: "", workStart: " ", workEnd: "", workdays: "")
        #expect(blank == WorkSchedule(timeZone: F.berlin))
        let dubai = try settings.schedule(timezone: "Asia/Dubai", workStart: nil, workEnd: nil, workdays: "Sun-Thu")
        #expect(dubai == WorkSchedule(timeZone: F.zone("Asia/Dubai"), start: 540, end: 1020,
                                      workdays: [.sunday, .monday, .tuesday, .wednesday, .thursday]))
        let early = try settings.schedule(timezone: nil, workStart: "08:00", workEnd: "16:00", workdays: nil)
        #expect(early == WorkSchedule(timeZone: F.berlin, start: 480, end: 960))
        let vera = try settings.schedule(timezone: "Europe/London", workStart: "00:00", workEnd: "08:00",
                                         workdays: "Sat-Mon")
        #expect(vera == WorkSchedule(timeZone: F.london, start: 0, end: 480, workdays: [.saturday, .sunday, .monday]))
        // Only the end overridden: the organisation's start stays.
        let late = try settings.schedule(timezone: nil, workStart: nil, workEnd: "18:30", workdays: nil)
        #expect(late.start == 540 && late.end == 1110)
    }

    @Test func personScheduleErrors() {
        let settings = OrganisationSettings(timeZone: F.berlin)
        let zone = F.scheduleError { () throws(ScheduleError) in
            _ = try settings.schedule(timezone: "Europe/lisbon", workStart: nil, workEnd: nil, workdays: nil)
        }
        #expect(zone?.message.contains("unknown time zone \"Europe/lisbon\"") == true)
        #expect(F.scheduleError { () throws(ScheduleError) in
            _ = try settings.schedule(timezone: "Mars/Olympus", workStart: nil, workEnd: nil, workdays: nil)
        } != nil)
        #expect(F.scheduleError { () throws(ScheduleError) in
            _ = try settings.schedule(timezone: nil, workStart: "9am", workEnd: nil, workdays: nil)
        } != nil)
        #expect(F.scheduleError { () throws(ScheduleError) in
            _ = try settings.schedule(timezone: nil, workStart: nil, workEnd: nil, workdays: "Mon-Fry")
        }?.message.contains("unknown day \"Fry\"") == true)
    }

    @Test func weekdayNames() {
        #expect(Weekday(name: "mon") == .monday)
        #expect(Weekday(name: "SUNDAY") == .sunday)
        #expect(Weekday(name: "Thu") == .thursday)
        #expect(Weekday(name: "Thurs") == nil)
        #expect(Weekday(name: "") == nil)
        #expect(Weekday.sunday.next == .monday)
        #expect(Weekday.monday < .sunday)
        #expect(Weekday.allCases.map(\.rawValue) == [1, 2, 3, 4, 5, 6, 7])
    }
}
