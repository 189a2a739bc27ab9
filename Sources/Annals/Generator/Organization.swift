/// The agency the generator simulates: a municipal 行政服务中心管理办公室 (管理办) with a
/// leadership team (领导班子), eleven departments (科室) and their staff, plus the outside
/// people its larger meetings invite.
///
/// Staff change from year to year (调离, 退休, 新进): `advanced(using:)` gives next
/// year's organization, with new person ids for newcomers, so that ten years of
/// minutes show the turnover an archivist sees.
struct Organization {
    /// A department (科室) and what its head is called.
    struct Department {
        /// The organization code used in stream names and archive numbers (机构代码).
        let code: String
        let name: String
        let headTitle: String
        let deputyTitle: String
        /// The number of staff at a scale of 1.
        let size: Int
    }

    /// A person on the staff (or invited from outside).
    struct Member {
        let id: String
        let name: String
        /// Department code; `LD` for the leadership team, `EXT` for outside people.
        let department: String
        let unit: String
        let position: String

        func participant(_ role: ParticipantRole = .member) -> Participant {
            Participant(person: id, name: name, unit: unit, position: position, role: role)
        }

        var substitute: Substitute { Substitute(person: id, name: name, unit: unit, position: position) }
    }

    static let agency = "某市行政服务中心管理办公室"
    static let leadershipUnit = "管理办领导班子"

    static let catalogue: [Department] = [
        Department(code: "BGS", name: "办公室", headTitle: "办公室主任", deputyTitle: "办公室副主任", size: 20),
        Department(code: "RSK", name: "人事科", headTitle: "科长", deputyTitle: "副科长", size: 8),
        Department(code: "CWK", name: "财务科", headTitle: "科长", deputyTitle: "副科长", size: 9),
        Department(code: "FGK", name: "法规科", headTitle: "科长", deputyTitle: "副科长", size: 8),
        Department(code: "ZHK", name: "综合科", headTitle: "科长", deputyTitle: "副科长", size: 12),
        Department(code: "YWK", name: "业务科", headTitle: "科长", deputyTitle: "副科长", size: 28),
        Department(code: "ZWK", name: "政务服务科", headTitle: "科长", deputyTitle: "副科长", size: 28),
        Department(code: "GZK", name: "公共资源交易科", headTitle: "科长", deputyTitle: "副科长", size: 14),
        Department(code: "JCK", name: "监察科", headTitle: "科长", deputyTitle: "副科长", size: 7),
        Department(code: "XXZX", name: "信息中心", headTitle: "信息中心主任", deputyTitle: "信息中心副主任", size: 16),
        Department(code: "DAS", name: "档案室", headTitle: "档案室主任", deputyTitle: "档案室副主任", size: 6),
    ]

    let departments: [Department]
    /// The leadership: [0] 主任 (also 党组书记), [1...3] 副主任, [4] 纪检组长.
    private(set) var leaders: [Member]
    /// Staff by department, in `departments` order: [0] the head, then deputies, then staff.
    private(set) var staff: [[Member]]
    /// Directors of the county (县市区) offices, invited to system meetings.
    let counties: [Member]
    /// The city government's deputy secretary-general who chairs the commendation meeting.
    let cityLeader: Member
    /// Outside speakers at symposia (企业代表, 群众代表): they speak but are not invited.
    let guests: [Member]

    private var nextID: Int
    private var names: PersonNames

    init(scale: Double, rng: inout SplitMix64) {
        departments = Self.catalogue
        names = PersonNames()
        nextID = 1
        leaders = []
        staff = []
        var counties: [Member] = []
        let countyNames = ["城关区", "新城区", "高新区", "东阳县", "西河县", "南山县", "北湖市", "青石县"]
        for (i, county) in countyNames.enumerated() {
            counties.append(Member(
                id: "P\(8001 + i)", name: names.draw(&rng), department: "EXT", unit: "\(county)行政服务中心管理办公室",
                position: "主任"))
        }
        self.counties = counties
        cityLeader = Member(id: "P8101", name: names.draw(&rng), department: "EXT", unit: "市人民政府办公室", position: "副秘书长")
        let guestUnits = ["市工商联", "某科技有限公司", "某建设集团有限公司", "市律师协会", "某社区居委会", "市人大代表"]
        var guests: [Member] = []
        for (i, unit) in guestUnits.enumerated() {
            guests.append(Member(id: "P\(9001 + i)", name: names.draw(&rng), department: "EXT", unit: unit, position: "代表"))
        }
        self.guests = guests
        let leaderPosts = ["党组书记、主任", "党组成员、副主任", "党组成员、副主任", "党组成员、副主任", "党组成员、纪检组长"]
        for post in leaderPosts { leaders.append(newMember("LD", Self.leadershipUnit, post, &rng)) }
        for department in departments {
            let size = max(3, Int((Double(department.size) * scale).rounded()))
            var members = [newMember(department.code, department.name, department.headTitle, &rng)]
            let deputies = size >= 20 ? 2 : size >= 8 ? 1 : 0
            for _ in 0..<deputies { members.append(newMember(department.code, department.name, department.deputyTitle, &rng)) }
            while members.count < size {
                members.append(newMember(department.code, department.name, staffRank(department, &rng), &rng))
            }
            staff.append(members)
        }
    }

    private mutating func newMember(_ code: String, _ unit: String, _ position: String, _ rng: inout SplitMix64) -> Member {
        defer { nextID += 1 }
        return Member(id: "P" + Self.fourDigits(nextID), name: names.draw(&rng), department: code, unit: unit, position: position)
    }

    private func staffRank(_ department: Department, _ rng: inout SplitMix64) -> String {
        if department.code == "DAS" { return "档案管理员" }
        return rng.pick(["科员", "科员", "科员", "副主任科员", "主任科员"])
    }

    static func fourDigits(_ n: Int) -> String {
        let text = String(n)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }

    // MARK: Who is who

    var head: Member { leaders[0] }
    var deputies: [Member] { Array(leaders[1...3]) }
    var disciplineChief: Member { leaders[4] }
    /// Everyone on the staff: leaders first, then each department.
    var everyone: [Member] { leaders + staff.joined() }

    func index(of code: String) -> Int { departments.firstIndex { $0.code == code }! }
    func members(_ code: String) -> [Member] { staff[index(of: code)] }
    func headOf(_ code: String) -> Member { members(code)[0] }
    func department(_ code: String) -> Department { departments[index(of: code)] }

    /// The deputy director in charge of (分管) a department.
    func leaderInCharge(of code: String) -> Member {
        leaders[1 + index(of: code) % 3]
    }

    /// A department's deputy head, else its most senior staff member: the usual
    /// substitute (代会) when the head is away.
    func standIn(for code: String) -> Member {
        let members = members(code)
        return members.count > 1 ? members[1] : members[0]
    }

    /// A department's ordinary staff (not head or deputy).
    func rankAndFile(_ code: String) -> [Member] {
        members(code).filter { $0.position != department(code).headTitle && $0.position != department(code).deputyTitle }
    }

    // MARK: A year passes

    /// The organization of each year of meetings, the first year's first. Drawn from
    /// a random stream of its own (the seed's, mixed), so that who held which post is
    /// known before the meetings are made: the policy names them (`AgencyGenerator.policy`).
    static func history(_ options: GeneratorOptions) -> [Organization] {
        guard options.years > 0 else { return [] }
        var rng = SplitMix64(seed: options.seed ^ 0x6f72_6761_6e69_7a65)
        var history = [Organization(scale: Double(options.eventsPerYear) / 50_000, rng: &rng)]
        for _ in 1..<options.years { history.append(history[history.count - 1].advanced(using: &rng)) }
        return history
    }

    /// Next year's organization: about one in twenty staff leave (调离, 退休) and are
    /// replaced by newcomers; a head who leaves is succeeded by a deputy; now and then
    /// a leader is replaced (干部交流).
    func advanced(using rng: inout SplitMix64) -> Organization {
        var next = self
        for i in next.leaders.indices where rng.chance(0.08) {
            next.leaders[i] = next.newMember("LD", Self.leadershipUnit, leaders[i].position, &rng)
        }
        for (d, department) in departments.enumerated() {
            var members = next.staff[d]
            for j in members.indices where rng.chance(j == 0 ? 0.06 : 0.045) {
                if j == 0, members.count > 1, members[1].position == department.deputyTitle {
                    // The deputy succeeds the head; a newcomer takes the deputy's post.
                    let deputy = members[1]
                    members[0] = Member(
                        id: deputy.id, name: deputy.name, department: deputy.department, unit: deputy.unit,
                        position: department.headTitle)
                    members[1] = next.newMember(department.code, department.name, department.deputyTitle, &rng)
                } else {
                    members[j] = next.newMember(department.code, department.name, members[j].position, &rng)
                }
            }
            next.staff[d] = members
        }
        return next
    }
}

/// Chinese personal names (姓名): a common surname, weighted towards the most common,
/// and a one- or two-character given name; never the same full name twice.
struct PersonNames {
    private var used = Set<String>()

    private static let surnames = Array(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    private static let male = Array("伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志文海峰亮成东晨")
    private static let female = Array("芳娜敏静丽艳娟霞燕玲婷颖琳雪慧莉倩萍红梅洁琴云璐瑶欣怡佳悦晶月蓉薇丹")

    mutating func draw(_ rng: inout SplitMix64) -> String {
        while true {
            // Skewed towards the front of the list, as real surnames are.
            let u = Double(rng.next() >> 11) * 0x1p-53
            let surname = Self.surnames[Int(Double(Self.surnames.count) * u * u)]
            let pool = rng.chance(0.5) ? Self.male : Self.female
            var name = String(surname) + String(rng.pick(pool))
            if rng.chance(0.6) { name += String(rng.pick(pool)) }
            if used.insert(name).inserted { return name }
        }
    }
}
